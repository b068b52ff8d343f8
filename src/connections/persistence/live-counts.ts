/**
 * The store's counters of live connections per organization and product (migration
 * AddLiveConnectionCounts: `organization_id`, `product_key`, `shard`, `live`), kept by triggers on
 * the connections table. Only read by the adapter; never written by code.
 */
export const LIVE_COUNTS_TABLE = 'connection_counts';

/** `product_key` of connections without a product: a product name is never empty (spec §2). */
export const NO_PRODUCT_KEY = '';

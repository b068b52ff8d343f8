import { LRUCache } from 'lru-cache';
import { PackedSchema, packed } from './packed-schema';
import { SchemaCache, SchemaSnapshot } from './schema-cache';

export interface MemorySchemaCacheOptions {
  ttlSeconds: number;
  /** At most this many snapshots (default 1,000). */
  maxEntries?: number;
  /** At most this many table and field names over all snapshots (default 2,000,000). */
  maxNames?: number;
  /** Clock (ms); tests pass their own. */
  now?: () => number;
}

/** Default bounds of an instance's snapshots in memory. */
export const SNAPSHOT_MEMORY_DEFAULTS = { maxEntries: 1_000, maxNames: 2_000_000 } as const;

/**
 * Per-instance cache (lru-cache): least recently used first out, bounded in entries and in names
 * held, each snapshot dropped when its TTL ends (ttlAutopurge), so expired catalogs do not wait for
 * the caps to free their memory. Snapshots are kept packed (PackedSchema), and a hit hands out the
 * same object every time (immutable), so it costs no copy and its lookup index can be reused.
 */
export class MemorySchemaCache extends SchemaCache {
  private readonly entries: LRUCache<string, PackedSchema> | undefined;

  constructor(options: MemorySchemaCacheOptions) {
    super();
    const ttl = options.ttlSeconds * 1000;
    // lru-cache reads a TTL of 0 as "never expires"; ours means "cache nothing".
    this.entries =
      ttl > 0
        ? new LRUCache({
            max: options.maxEntries ?? SNAPSHOT_MEMORY_DEFAULTS.maxEntries,
            maxSize: options.maxNames ?? SNAPSHOT_MEMORY_DEFAULTS.maxNames,
            sizeCalculation: (schema) => schema.size,
            ttl,
            ttlAutopurge: true,
            ttlResolution: 0,
            perf: options.now ? { now: options.now } : undefined,
          })
        : undefined;
  }

  get(key: string): Promise<PackedSchema | undefined> {
    return Promise.resolve(this.entries?.get(key));
  }

  set(key: string, snapshot: PackedSchema | SchemaSnapshot): Promise<PackedSchema> {
    const schema = packed(snapshot);
    this.entries?.set(key, schema);
    return Promise.resolve(schema);
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}

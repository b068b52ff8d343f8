import type { PackedSchema } from './packed-schema';
import type { SchemaSnapshot } from './schema-snapshot';

export type { SchemaSnapshot } from './schema-snapshot';

/**
 * The cache key of a connection's current version. PATCH bumps `updatedAt`, so the entry of the
 * previous version can no longer be reached; a deleted connection no longer resolves at all. The
 * organization leads the key: ids are unique across organizations already, and the key says so by
 * itself (it reads unambiguously from the right, the id and the version having fixed shapes).
 */
export const schemaCacheKey = (connection: {
  organizationId: string;
  id: string;
  updatedAt: Date;
}): string => `${connection.organizationId}:${connection.id}:${connection.updatedAt.getTime()}`;

/**
 * Port: discovered schemas for SCHEMA_CACHE_TTL_SECONDS. In memory per instance by default,
 * shared through Redis when REDIS_URL is set (spec §6.4). A cache that cannot answer misses.
 * Snapshots go in as plain JSON and come out packed (`PackedSchema`: the same names, few objects).
 */
export abstract class SchemaCache {
  abstract get(key: string): Promise<PackedSchema | undefined>;
  /**
   * Stores the snapshot (packed already, as a discovery builds it, or plain); resolves to it packed,
   * as `get` hands it out (also when nothing is cached).
   */
  abstract set(key: string, snapshot: PackedSchema | SchemaSnapshot): Promise<PackedSchema>;
}

import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { isReachable } from '../../common/redis/redis-client';
import { MemorySchemaCache, SNAPSHOT_MEMORY_DEFAULTS } from './memory-schema-cache';
import { PackedSchema, packed } from './packed-schema';
import { SchemaCache, SchemaSnapshot } from './schema-cache';

export interface RedisSchemaCacheOptions {
  /** The application's shared client (RedisConnection). */
  client: Redis;
  ttlSeconds: number;
  /** Prepended to every key (default `cs:schema:`). */
  keyPrefix?: string;
  /** Parsed snapshots kept in this instance: at most this many (default 1,000)… */
  maxEntries?: number;
  /** …holding at most this many table and field names in all (default 2,000,000). */
  maxNames?: number;
}

/** A parsed snapshot kept in this instance (packed), with the stamp it was stored under in Redis. */
interface Parsed {
  stamp: string;
  schema: PackedSchema;
}

const WARN_EVERY_MS = 30_000;

/**
 * Snapshots shared by every instance through Redis (spec §6.4), expiring with the TTL.
 *
 * A snapshot is stored as its JSON under `<prefix><key>` and, with the same TTL in the same
 * transaction, a stamp (a random id) under `<prefix><key>:stamp` (the JSON is the plain snapshot,
 * so every version of the service reads it). Each instance keeps the snapshots it parsed, packed
 * (PackedSchema; bounded, least recently used out) with their stamp, and a read asks Redis only for the
 * stamp: the same stamp → the snapshot already parsed (the same object, so validate-schema's index
 * of it is reused); another stamp (another instance discovered again) → both read at once (MGET)
 * and parsed; no stamp → expired, or written by a version without stamps: the JSON alone, as
 * before. A read never answers from this instance's copy without Redis confirming it is current.
 *
 * While Redis cannot answer, the instance caches in its own memory, as it does without REDIS_URL
 * (a warning is logged at most every 30 s, with the error's name only: its text can carry the
 * Redis address). Keys name a connection's version, so a snapshot cached in memory during the
 * outage can never outlive a PATCH on another instance; once Redis is back it is asked again.
 */
export class RedisSchemaCache extends SchemaCache {
  private readonly logger = new Logger(RedisSchemaCache.name);
  private readonly redis: Redis;
  private readonly ttlMs: number;
  private readonly prefix: string;
  private readonly fallback: MemorySchemaCache;
  private readonly parsed: LRUCache<string, Parsed> | undefined;
  private lastWarningAt = 0;

  constructor(options: RedisSchemaCacheOptions) {
    super();
    this.ttlMs = options.ttlSeconds * 1000;
    this.redis = options.client;
    this.prefix = options.keyPrefix ?? 'cs:schema:';
    const bounds = {
      maxEntries: options.maxEntries ?? SNAPSHOT_MEMORY_DEFAULTS.maxEntries,
      maxNames: options.maxNames ?? SNAPSHOT_MEMORY_DEFAULTS.maxNames,
    };
    this.fallback = new MemorySchemaCache({ ttlSeconds: options.ttlSeconds, ...bounds });
    this.parsed =
      this.ttlMs > 0
        ? new LRUCache({
            max: bounds.maxEntries,
            maxSize: bounds.maxNames,
            sizeCalculation: (entry: Parsed) => entry.schema.size,
            // Never served without Redis's stamp; the TTL only frees the memory of dead entries.
            ttl: this.ttlMs,
            ttlAutopurge: true,
          })
        : undefined;
  }

  async get(key: string): Promise<PackedSchema | undefined> {
    if (!isReachable(this.redis)) return this.fallbackAfter('reconnecting').get(key);
    const held = this.parsed?.get(key);
    let stamp: string | null;
    let text: string | null;
    try {
      if (held && (await this.redis.get(this.stampKey(key))) === held.stamp) return held.schema;
      [stamp, text] = await this.redis.mget(this.stampKey(key), this.prefix + key);
    } catch (error) {
      return this.fallbackAfter((error as Error).name).get(key);
    }
    if (text === null) {
      this.parsed?.delete(key);
      return undefined;
    }
    const schema = PackedSchema.of(JSON.parse(text) as SchemaSnapshot);
    if (stamp === null) this.parsed?.delete(key);
    else this.parsed?.set(key, { stamp, schema });
    return schema;
  }

  async set(key: string, snapshot: PackedSchema | SchemaSnapshot): Promise<PackedSchema> {
    const schema = packed(snapshot);
    if (this.ttlMs <= 0) return schema;
    if (!isReachable(this.redis)) return this.fallbackAfter('reconnecting').set(key, schema);
    const stamp = randomUUID();
    try {
      const results = await this.redis
        .multi()
        .set(this.prefix + key, schema.toJson(), 'PX', this.ttlMs)
        .set(this.stampKey(key), stamp, 'PX', this.ttlMs)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
      this.parsed?.set(key, { stamp, schema });
      return schema;
    } catch (error) {
      this.parsed?.delete(key);
      return this.fallbackAfter((error as Error).name).set(key, schema);
    }
  }

  private stampKey(key: string): string {
    return `${this.prefix}${key}:stamp`;
  }

  private fallbackAfter(why: string): MemorySchemaCache {
    const now = Date.now();
    if (now - this.lastWarningAt >= WARN_EVERY_MS) {
      this.lastWarningAt = now;
      this.logger.warn(
        `Redis unavailable for the schema cache (${why}); caching in this instance's memory until it is back`,
      );
    }
    return this.fallback;
  }
}

import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { isReachable } from '../../common/redis/redis-client';
import { MemorySchemaCache } from './memory-schema-cache';
import { SchemaCache, SchemaSnapshot } from './schema-cache';

export interface RedisSchemaCacheOptions {
  /** The application's shared client (RedisConnection). */
  client: Redis;
  ttlSeconds: number;
  /** Prepended to every key (default `cs:schema:`). */
  keyPrefix?: string;
}

const WARN_EVERY_MS = 30_000;

/**
 * Snapshots shared by every instance through Redis (spec §6.4), expiring with the TTL.
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
  private lastWarningAt = 0;

  constructor(options: RedisSchemaCacheOptions) {
    super();
    this.ttlMs = options.ttlSeconds * 1000;
    this.redis = options.client;
    this.prefix = options.keyPrefix ?? 'cs:schema:';
    this.fallback = new MemorySchemaCache({ ttlSeconds: options.ttlSeconds });
  }

  async get(key: string): Promise<SchemaSnapshot | undefined> {
    if (!isReachable(this.redis)) return this.fallbackAfter('reconnecting').get(key);
    let text: string | null;
    try {
      text = await this.redis.get(this.prefix + key);
    } catch (error) {
      return this.fallbackAfter((error as Error).name).get(key);
    }
    return text === null ? undefined : (JSON.parse(text) as SchemaSnapshot);
  }

  async set(key: string, snapshot: SchemaSnapshot): Promise<void> {
    if (this.ttlMs <= 0) return;
    if (!isReachable(this.redis)) return this.fallbackAfter('reconnecting').set(key, snapshot);
    try {
      await this.redis.set(this.prefix + key, JSON.stringify(snapshot), 'PX', this.ttlMs);
    } catch (error) {
      await this.fallbackAfter((error as Error).name).set(key, snapshot);
    }
  }

  private fallbackAfter(why: string): MemorySchemaCache {
    const now = Date.now();
    if (now - this.lastWarningAt >= WARN_EVERY_MS) {
      this.lastWarningAt = now;
      this.logger.warn(`Redis unavailable for the schema cache (${why}); caching in this instance's memory until it is back`);
    }
    return this.fallback;
  }
}

import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { isReachable } from '../../common/redis/redis-client';
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
 * Snapshots shared by every instance through Redis (spec §6.4), expiring with the TTL. When Redis
 * cannot answer, the cache misses (the caller discovers live) and a warning is logged at most
 * every 30 s, with the error's name only (its text can carry the Redis address).
 */
export class RedisSchemaCache extends SchemaCache {
  private readonly logger = new Logger(RedisSchemaCache.name);
  private readonly redis: Redis;
  private readonly ttlMs: number;
  private readonly prefix: string;
  private lastWarningAt = 0;

  constructor(options: RedisSchemaCacheOptions) {
    super();
    this.ttlMs = options.ttlSeconds * 1000;
    this.redis = options.client;
    this.prefix = options.keyPrefix ?? 'cs:schema:';
  }

  async get(key: string): Promise<SchemaSnapshot | undefined> {
    if (!isReachable(this.redis)) return undefined;
    let text: string | null;
    try {
      text = await this.redis.get(this.prefix + key);
    } catch (error) {
      this.warn(error);
      return undefined;
    }
    return text === null ? undefined : (JSON.parse(text) as SchemaSnapshot);
  }

  async set(key: string, snapshot: SchemaSnapshot): Promise<void> {
    if (this.ttlMs <= 0 || !isReachable(this.redis)) return;
    try {
      await this.redis.set(this.prefix + key, JSON.stringify(snapshot), 'PX', this.ttlMs);
    } catch (error) {
      this.warn(error);
    }
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARN_EVERY_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(
      `Redis unavailable for the schema cache (${(error as Error).name}); discovering live until it is back`,
    );
  }
}

import { Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { SchemaCache, SchemaSnapshot } from './schema-cache';

export interface RedisSchemaCacheOptions {
  url: string;
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
export class RedisSchemaCache extends SchemaCache implements OnModuleDestroy {
  private readonly logger = new Logger(RedisSchemaCache.name);
  private readonly redis: Redis;
  private readonly ttlMs: number;
  private lastWarningAt = 0;

  constructor(options: RedisSchemaCacheOptions) {
    super();
    this.ttlMs = options.ttlSeconds * 1000;
    this.redis = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: 1000,
      commandTimeout: 1000,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      keyPrefix: options.keyPrefix ?? 'cs:schema:',
    });
    this.redis.on('error', () => undefined);
  }

  async get(key: string): Promise<SchemaSnapshot | undefined> {
    if (!this.reachable()) return undefined;
    let text: string | null;
    try {
      text = await this.redis.get(key);
    } catch (error) {
      this.warn(error);
      return undefined;
    }
    return text === null ? undefined : (JSON.parse(text) as SchemaSnapshot);
  }

  async set(key: string, snapshot: SchemaSnapshot): Promise<void> {
    if (this.ttlMs <= 0 || !this.reachable()) return;
    try {
      await this.redis.set(key, JSON.stringify(snapshot), 'PX', this.ttlMs);
    } catch (error) {
      this.warn(error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  /**
   * False while the client is reconnecting after a failure: the call misses at once instead of
   * waiting for Redis (the first calls after boot wait for the first connection).
   */
  private reachable(): boolean {
    return (
      this.redis.status !== 'reconnecting' &&
      this.redis.status !== 'close' &&
      this.redis.status !== 'end'
    );
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

import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRedis } from 'rate-limiter-flexible';
import { isReachable } from '../redis/redis-client';
import { FlexibleRateLimiter } from './flexible-rate-limiter';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { RateLimitDecision } from './rate-limiter';

/** How often at most a "Redis unavailable" warning is logged. */
const WARN_EVERY_MS = 30_000;

export interface RedisRateLimiterOptions {
  client: Redis;
  /** Prepended to every key (default `cs:rl:`). */
  keyPrefix?: string;
}

/**
 * Fixed windows shared through Redis (rate-limiter-flexible's RateLimiterRedis, one atomic script
 * per call), so that several instances count together (spec §6.4).
 *
 * While Redis is unavailable, each instance counts in its own memory, as it does without REDIS_URL
 * (a warning is logged at most every 30 s): the limits protect customers' databases from bursts of
 * tests, so an outage neither lifts them (fail open) nor turns every test into a 429 or a 503. While
 * the client is reconnecting Redis is not asked at all, so no call waits for it; once it is back the
 * counting is shared again (the counts made in memory meanwhile are not carried over).
 */
export class RedisRateLimiter extends FlexibleRateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly fallback = new MemoryRateLimiter();
  private lastWarningAt = 0;

  constructor(private readonly options: RedisRateLimiterOptions) {
    super();
  }

  override consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    if (!isReachable(this.options.client)) return this.countInMemory('reconnecting', key, limit, windowMs);
    return super.consume(key, limit, windowMs);
  }

  protected create(points: number, duration: number): RateLimiterAbstract {
    // The library joins a non-empty prefix with ':'; ours already ends with one.
    const keyPrefix = this.options.keyPrefix ?? 'cs:rl:';
    return new RateLimiterRedis({ storeClient: this.options.client, points, duration, keyPrefix: keyPrefix.replace(/:$/, '') });
  }

  protected storeFailed(error: unknown, key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    // The error's name only: its text can carry the Redis address.
    return this.countInMemory((error as Error).name, key, limit, windowMs);
  }

  private countInMemory(why: string, key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = Date.now();
    if (now - this.lastWarningAt >= WARN_EVERY_MS) {
      this.lastWarningAt = now;
      this.logger.warn(`Redis unavailable for rate limits (${why}); counting in this instance's memory until it is back`);
    }
    return this.fallback.consume(key, limit, windowMs);
  }
}

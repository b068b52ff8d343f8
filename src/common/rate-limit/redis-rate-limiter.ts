import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterAbstract, RateLimiterRedis } from 'rate-limiter-flexible';
import { FlexibleRateLimiter } from './flexible-rate-limiter';

/** How often at most a "Redis unavailable" warning is logged. */
const WARN_EVERY_MS = 30_000;

export interface RedisRateLimiterOptions {
  client: Redis;
  /** Prepended to every key (default `cs:rl:`). */
  keyPrefix?: string;
}

/**
 * Fixed windows shared through Redis (rate-limiter-flexible's RateLimiterRedis, one atomic script
 * per call), so that several instances count together (spec §6.4). If Redis is unavailable the call
 * is ALLOWED (fail open) and a warning is logged at most every 30 s: these limits protect
 * customers' databases from bursts of tests, and a Redis outage must not turn every test and
 * discovery into a 429.
 */
export class RedisRateLimiter extends FlexibleRateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private lastWarningAt = 0;

  constructor(private readonly options: RedisRateLimiterOptions) {
    super();
  }

  protected create(points: number, duration: number): RateLimiterAbstract {
    // The library joins a non-empty prefix with ':'; ours already ends with one.
    const keyPrefix = this.options.keyPrefix ?? 'cs:rl:';
    return new RateLimiterRedis({ storeClient: this.options.client, points, duration, keyPrefix: keyPrefix.replace(/:$/, '') });
  }

  protected storeFailed(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARN_EVERY_MS) return;
    this.lastWarningAt = now;
    // The error's name only: its text can carry the Redis address.
    this.logger.warn(`Redis unavailable for rate limits (${(error as Error).name}); allowing calls until it is back`);
  }
}

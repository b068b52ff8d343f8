import { Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimitDecision, RateLimiter, secondsUntil } from './rate-limiter';

/** One round trip, atomic: count the call, start the window's expiry on its first call. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

interface WithHit {
  rateLimitHit(key: string, windowMs: number): Promise<[number, number]>;
}

/** How often at most a "Redis unavailable" warning is logged. */
const WARN_EVERY_MS = 30_000;

export interface RedisRateLimiterOptions {
  url: string;
  /** Prepended to every key (default `cs:rl:`). */
  keyPrefix?: string;
}

/**
 * Fixed windows shared through Redis, so that several instances count together (spec §6.4).
 * Connects on first use, with short timeouts. If Redis is unavailable the call is ALLOWED (fail
 * open) and a warning is logged (at most every 30 s): these limits protect customers' databases
 * from bursts of tests, and a Redis outage must not turn every test and discovery into a 429.
 */
export class RedisRateLimiter extends RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly redis: Redis & WithHit;
  private lastWarningAt = 0;

  constructor(options: RedisRateLimiterOptions) {
    super();
    const redis = new Redis(options.url, {
      lazyConnect: true,
      connectTimeout: 1000,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      keyPrefix: options.keyPrefix ?? 'cs:rl:',
    });
    // Failures surface through the commands; the client's own 'error' events are expected noise.
    redis.on('error', () => undefined);
    redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as Redis & WithHit;
  }

  async consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    let count: number;
    let ttl: number;
    try {
      [count, ttl] = await this.redis.rateLimitHit(key, windowMs);
    } catch (error) {
      this.warn(error);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    if (count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: secondsUntil(ttl, 0) };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARN_EVERY_MS) return;
    this.lastWarningAt = now;
    // The error's name only: its text can carry the Redis address.
    this.logger.warn(
      `Redis unavailable for rate limits (${(error as Error).name}); allowing calls until it is back`,
    );
  }
}

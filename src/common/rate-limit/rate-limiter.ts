export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until one more call would be allowed (for Retry-After), when refused; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Port: a fixed-window counter per key (spec §6.4). MemoryRateLimiter per instance by default;
 * RedisRateLimiter shared by every instance when REDIS_URL is set (rate-limit.module.ts picks).
 */
export abstract class RateLimiter {
  /** Counts one call against `key`; at most `limit` calls are allowed per `windowMs` window. */
  abstract consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
}

/** Whole seconds (at least 1) until a window that ends at `resetAt` is over. */
export function secondsUntil(resetAt: number, now: number): number {
  return Math.max(1, Math.ceil((resetAt - now) / 1000));
}

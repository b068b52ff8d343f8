export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until one more call would be allowed (for Retry-After), when refused. */
  retryAfterSeconds: number;
}

/**
 * Port: a fixed-window counter per key. In memory per instance by default; shared through Redis
 * when REDIS_URL is set (spec §6.4). PLACEHOLDER — the adapters land with issue 3.
 */
export abstract class RateLimiter {
  abstract consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
}

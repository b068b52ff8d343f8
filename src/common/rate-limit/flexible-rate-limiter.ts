import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitDecision, RateLimiter, secondsUntil } from './rate-limiter';

const ALLOWED: RateLimitDecision = { allowed: true, retryAfterSeconds: 0 };

/**
 * The RateLimiter port over rate-limiter-flexible: one library limiter per (limit, window) pair,
 * each a fixed window that starts with a key's first call. Windows are whole seconds (the
 * library's unit). What a store that fails (Redis down) means is each subclass's `storeFailed`.
 */
export abstract class FlexibleRateLimiter extends RateLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  protected abstract create(points: number, durationSeconds: number): RateLimiterAbstract;

  /** The decision when the store itself failed (not when it refused the call). */
  protected abstract storeFailed(error: unknown, key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;

  async consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    try {
      await this.limiterFor(limit, Math.max(1, Math.ceil(windowMs / 1000))).consume(key);
      return ALLOWED;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, retryAfterSeconds: secondsUntil(rejection.msBeforeNext, 0) };
      }
      return this.storeFailed(rejection, key, limit, windowMs);
    }
  }

  private limiterFor(points: number, durationSeconds: number): RateLimiterAbstract {
    const id = `${points}/${durationSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = this.create(points, durationSeconds);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

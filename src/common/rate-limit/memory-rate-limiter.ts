import { RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import { FlexibleRateLimiter } from './flexible-rate-limiter';

/**
 * Fixed windows in this process's memory (rate-limiter-flexible's RateLimiterMemory). Each key is
 * forgotten when its window ends, so memory holds only the keys counted in the last window: ids of
 * existing connections and organizations, which are looked up before anything is counted.
 */
export class MemoryRateLimiter extends FlexibleRateLimiter {
  protected create(points: number, duration: number): RateLimiterAbstract {
    return new RateLimiterMemory({ points, duration });
  }

  protected storeFailed(error: unknown): never {
    // Memory cannot fail: anything thrown here is a bug and must not pass as "allowed".
    throw error;
  }
}

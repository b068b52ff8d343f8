import { RateLimitDecision, RateLimiter, secondsUntil } from './rate-limiter';

interface Window {
  count: number;
  resetAt: number;
}

export interface MemoryRateLimiterOptions {
  /** Clock (ms); tests pass their own. */
  now?: () => number;
  /** Most keys kept at once; beyond it the oldest windows are dropped. */
  maxKeys?: number;
  /** How often (ms) expired windows are swept out. */
  sweepEveryMs?: number;
}

/**
 * Fixed windows in this process's memory. Memory stays bounded: expired windows are swept out
 * periodically (on use, no timer), and when more than `maxKeys` windows are live the oldest are
 * dropped (a dropped key starts a fresh window: under such a flood, limits loosen rather than
 * memory growing without end).
 */
export class MemoryRateLimiter extends RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly maxKeys: number;
  private readonly sweepEveryMs: number;
  private nextSweepAt = 0;

  constructor(options: MemoryRateLimiterOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.sweepEveryMs = options.sweepEveryMs ?? 10_000;
  }

  consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      // Re-inserted so that Map order stays oldest window first.
      this.windows.delete(key);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
      this.enforceMaxKeys();
    }
    if (window.count >= limit) {
      return Promise.resolve({
        allowed: false,
        retryAfterSeconds: secondsUntil(window.resetAt, now),
      });
    }
    window.count += 1;
    return Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
  }

  /** Number of windows held (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + this.sweepEveryMs;
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }

  private enforceMaxKeys(): void {
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) return;
      this.windows.delete(key);
    }
  }
}

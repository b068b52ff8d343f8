import { MemoryRateLimiter } from './memory-rate-limiter';

describe('MemoryRateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('allows `limit` calls per window, then refuses with the seconds left, then allows again', async () => {
    const limiter = new MemoryRateLimiter();
    for (let call = 0; call < 3; call += 1) {
      await expect(limiter.consume('test:a', 3, 60_000)).resolves.toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
    }
    await expect(limiter.consume('test:a', 3, 60_000)).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
    jest.advanceTimersByTime(59_001);
    await expect(limiter.consume('test:a', 3, 60_000)).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    jest.advanceTimersByTime(999);
    await expect(limiter.consume('test:a', 3, 60_000)).resolves.toEqual({
      allowed: true,
      retryAfterSeconds: 0,
    });
  });

  it('counts each key on its own, and each limit on its own', async () => {
    const limiter = new MemoryRateLimiter();
    await limiter.consume('test:a', 1, 60_000);
    expect((await limiter.consume('test:a', 1, 60_000)).allowed).toBe(false);
    expect((await limiter.consume('test:b', 1, 60_000)).allowed).toBe(true);
    expect((await limiter.consume('schema:a', 5, 60_000)).allowed).toBe(true);
  });

  it('forgets a key when its window ends, so memory does not grow with keys seen once', async () => {
    const limiter = new MemoryRateLimiter();
    for (let key = 0; key < 500; key += 1) await limiter.consume(`test:${key}`, 10, 60_000);
    expect(jest.getTimerCount()).toBe(500);
    jest.advanceTimersByTime(60_000);
    expect(jest.getTimerCount()).toBe(0);
  });
});

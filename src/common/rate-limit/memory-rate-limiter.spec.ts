import { MemoryRateLimiter } from './memory-rate-limiter';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryRateLimiter', () => {
  it('allows `limit` calls per window, then refuses with the seconds left, then allows again', async () => {
    const time = clock();
    const limiter = new MemoryRateLimiter({ now: time.now });
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
    time.advance(59_001);
    await expect(limiter.consume('test:a', 3, 60_000)).resolves.toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    time.advance(999);
    await expect(limiter.consume('test:a', 3, 60_000)).resolves.toEqual({
      allowed: true,
      retryAfterSeconds: 0,
    });
  });

  it('counts each key on its own', async () => {
    const limiter = new MemoryRateLimiter({ now: clock().now });
    await limiter.consume('test:a', 1, 60_000);
    expect((await limiter.consume('test:a', 1, 60_000)).allowed).toBe(false);
    expect((await limiter.consume('test:b', 1, 60_000)).allowed).toBe(true);
  });

  it('forgets expired windows, so memory does not grow with keys seen once', async () => {
    const time = clock();
    const limiter = new MemoryRateLimiter({ now: time.now, sweepEveryMs: 1000 });
    for (let key = 0; key < 500; key += 1) await limiter.consume(`test:${key}`, 10, 60_000);
    expect(limiter.size).toBe(500);
    time.advance(60_000);
    await limiter.consume('test:late', 10, 60_000);
    expect(limiter.size).toBe(1);
  });

  it('never holds more than maxKeys windows, dropping the oldest first', async () => {
    const limiter = new MemoryRateLimiter({ now: clock().now, maxKeys: 100 });
    await limiter.consume('test:oldest', 1, 60_000);
    for (let key = 0; key < 1000; key += 1) await limiter.consume(`flood:${key}`, 1, 60_000);
    expect(limiter.size).toBe(100);
    expect((await limiter.consume('flood:999', 1, 60_000)).allowed).toBe(false);
    expect((await limiter.consume('test:oldest', 1, 60_000)).allowed).toBe(true);
  });
});

import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { describeWithRedis, TEST_REDIS_URL } from '../../../test/support/real-servers';
import { closeRedisClient, createRedisClient } from '../redis/redis-client';
import { RedisRateLimiter } from './redis-rate-limiter';

describeWithRedis('RedisRateLimiter (real Redis)', () => {
  const keyPrefix = `cs-test-${randomBytes(6).toString('hex')}:`;
  const url = TEST_REDIS_URL as string;
  const clients: Redis[] = [];
  const limiter = (clientUrl = url) => {
    const client = createRedisClient(clientUrl);
    clients.push(client);
    return new RedisRateLimiter({ client, keyPrefix });
  };

  afterAll(async () => {
    for (const client of clients) await closeRedisClient(client);
    const admin = new Redis(url);
    const keys = await admin.keys(`${keyPrefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('allows `limit` calls per window, then refuses with Retry-After seconds', async () => {
    const one = limiter();
    for (let call = 0; call < 3; call += 1) {
      await expect(one.consume('test:a', 3, 60_000)).resolves.toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
    }
    const refused = await one.consume('test:a', 3, 60_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('shares the count between instances (two limiters, one Redis)', async () => {
    const [a, b] = [limiter(), limiter()];
    expect((await a.consume('test:shared', 2, 60_000)).allowed).toBe(true);
    expect((await b.consume('test:shared', 2, 60_000)).allowed).toBe(true);
    expect((await a.consume('test:shared', 2, 60_000)).allowed).toBe(false);
    expect((await b.consume('test:shared', 2, 60_000)).allowed).toBe(false);
  });

  it('stores each window under the prefix with an expiry, and starts afresh once it expires', async () => {
    // Windows are whole seconds (rate-limiter-flexible's unit): the shortest is 1 s.
    const one = limiter();
    expect((await one.consume('test:short', 1, 1000)).allowed).toBe(true);
    expect((await one.consume('test:short', 1, 1000)).allowed).toBe(false);
    const admin = new Redis(url);
    try {
      const ttl = await admin.pttl(`${keyPrefix}test:short`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1000);
      await new Promise((resolve) => setTimeout(resolve, 1100));
    } finally {
      await admin.quit();
    }
    expect((await one.consume('test:short', 1, 1000)).allowed).toBe(true);
  });

  it('counts in the instance memory (neither open nor shut) when Redis cannot be reached', async () => {
    const down = limiter('redis://127.0.0.1:1');
    for (let call = 0; call < 2; call += 1) {
      await expect(down.consume('test:down', 2, 60_000)).resolves.toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
    }
    const refused = await down.consume('test:down', 2, 60_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect((await down.consume('test:other', 2, 60_000)).allowed).toBe(true);
  });
});

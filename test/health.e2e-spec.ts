import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import { TEST_REDIS_URL, describeWithRedis } from './support/real-servers';
import { TestApp, createTestApp } from './support/test-app';

/** Readiness (spec §3.10): the store, and Redis when REDIS_URL is set. */
describe('GET /health/ready without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the store only', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(Object.keys((res.body as { details: object }).details)).toEqual(['store']);
  });
});

describeWithRedis('GET /health/ready with Redis (real Redis)', () => {
  it('reports the store and Redis when both answer', async () => {
    const t = await createTestApp({ env: { REDIS_URL: TEST_REDIS_URL as string } });
    try {
      const res = await t.http.get('/health/ready').expect(200);
      expect((res.body as { details: object }).details).toEqual({ store: { status: 'up' }, redis: { status: 'up' } });
    } finally {
      await t.close();
    }
  });

  it('is 503 FET-0003 naming redis when Redis cannot be reached, while live stays 200', async () => {
    const t = await createTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
    try {
      expectFetError(await t.http.get('/health/ready'), 'FET-0003', ['redis']);
      await t.http.get('/health/live').expect(200);
    } finally {
      await t.close();
    }
  });
});

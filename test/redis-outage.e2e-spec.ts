import Redis from 'ioredis';
import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import { describeWithRedis } from './support/real-servers';
import { BASE, localPostgresBody } from './support/store-rows';
import { TempRedis, startTempRedis } from './support/temp-redis';
import { TestApp, createTestApp } from './support/test-app';
import { DEADLINE_MS, timed } from './support/deadline';

// Real servers started and stopped: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);


/**
 * While Redis is down, an instance counts its rate limits and caches schemas in its own memory
 * (as without REDIS_URL), answers within its usual deadlines and reports Redis down on
 * /health/ready; when Redis is back it uses Redis again, without a restart.
 */
describeWithRedis('Redis outage (a throwaway redis-server, stopped and started again)', () => {
  let redis: TempRedis;
  let t: TestApp;
  let id: string;
  let configName: string;
  const testIt = () => timed(() => t.http.post(`${BASE}/${id}/test`));

  beforeAll(async () => {
    redis = await startTempRedis();
    t = await createTestApp({ env: { REDIS_URL: redis.url, CONNECTION_TEST_RATE_LIMIT: '3' } });
    // A closed port: each test fails fast (CONNECTION_REFUSED) but counts; validate-schema finds it down.
    const body = localPostgresBody(await freePort());
    configName = String(body.configName);
    id = String(
      (await t.http.post(BASE).set('X-Product-Name', 'outage').send(body).expect(201)).body.id,
    );
  });
  afterAll(async () => {
    await t?.close();
    await redis?.dispose();
  });

  it('counts limits per instance within the deadlines while Redis is down, and in Redis again once it is back', async () => {
    await t.http.get('/health/ready').expect(200);
    await redis.stop();

    for (let call = 1; call <= 3; call += 1) {
      const { res, ms } = await testIt();
      expect({ call, status: res.status, deadlineMet: ms < DEADLINE_MS }).toEqual({
        call,
        status: 200,
        deadlineMet: true,
      });
    }
    const refused = await testIt();
    expect(refused.ms).toBeLessThan(DEADLINE_MS);
    expectFetError(refused.res, 'FET-0429');

    const validation = await timed(() =>
      t.http
        .post(`${BASE}/validate-schema`)
        .send({ mappedFields: { [configName]: { orders: ['id'] } } }),
    );
    expect(validation.ms).toBeLessThan(DEADLINE_MS);
    expect(validation.res.status).toBe(422);
    expect(validation.res.body.errors).toEqual([
      { type: 'DATA_SOURCE_DOWN', dataSourceId: configName },
    ]);

    const ready = await timed(() => t.http.get('/health/ready'));
    expect(ready.ms).toBeLessThan(DEADLINE_MS);
    expectFetError(ready.res, 'FET-0003', ['redis']);
    await t.http.get('/health/live').expect(200);

    await redis.start();
    const until = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < until && status !== 200) {
      status = (await t.http.get('/health/ready')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);

    // The restarted Redis is empty: the count starts again there, not in memory (where it is at 3).
    for (let call = 1; call <= 3; call += 1) await t.http.post(`${BASE}/${id}/test`).expect(200);
    const client = new Redis(redis.url);
    try {
      expect(await client.get(`cs:rl:test:${id}`)).toBe('3');
    } finally {
      await client.quit();
    }
    expectFetError(await t.http.post(`${BASE}/${id}/test`), 'FET-0429');
  });
});

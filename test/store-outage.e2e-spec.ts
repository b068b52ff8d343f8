import { Response } from 'supertest';
import { expectFetError } from './support/fet-expect';
import { BASE, BODY_PASSWORD, connectionBody } from './support/store-rows';
import { TempPostgres, startTempPostgres } from './support/temp-postgres';
import { TestApp, createTestApp, expectNoSecrets } from './support/test-app';
import { DEADLINE_MS, timed } from './support/deadline';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);


describe('store outage (a throwaway PostgreSQL cluster, stopped and started again)', () => {
  let pg: TempPostgres;
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    pg = await startTempPostgres();
    t = await createTestApp({ env: { DATABASE_URL: pg.url() } });
    const created = await t.http.post(BASE).set('X-Product-Name', 'outage').send(connectionBody()).expect(201);
    expectNoSecrets(created.body, [BODY_PASSWORD]);
    id = String(created.body.id);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await pg?.dispose();
  });

  it('answers 503 FET-0003 before the deadline while the store is down, and recovers without a restart', async () => {
    await t.http.get('/health/ready').expect(200);
    await pg.stop();

    const requests: Array<[string, () => PromiseLike<Response>]> = [
      ['list', () => t.http.get(BASE)],
      ['get', () => t.http.get(`${BASE}/${id}`)],
      ['create', () => t.http.post(BASE).set('X-Product-Name', 'outage').send(connectionBody())],
      ['patch', () => t.http.patch(`${BASE}/${id}`).send({ databaseName: 'during-outage' })],
      ['list again', () => t.http.get(BASE)],
    ];
    for (const [name, send] of requests) {
      const { res, ms } = await timed(send);
      expect({ name, deadlineMet: ms < DEADLINE_MS }).toEqual({ name, deadlineMet: true });
      expectFetError(res, 'FET-0003');
    }
    const ready = await timed(() => t.http.get('/health/ready'));
    expect(ready.ms).toBeLessThan(DEADLINE_MS);
    expectFetError(ready.res, 'FET-0003', ['store']);
    await t.http.get('/health/live').expect(200);

    await pg.start();
    let recovered: Response | undefined;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      recovered = await t.http.get(`${BASE}/${id}`);
      if (recovered.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recovered?.status).toBe(200);
    expectNoSecrets(recovered?.body, [BODY_PASSWORD]);
    await t.http.get('/health/ready').expect(200);
    const again = await t.http.post(BASE).set('X-Product-Name', 'outage').send(connectionBody()).expect(201);
    expectNoSecrets(again.body, [BODY_PASSWORD]);
  }, 60_000);
});

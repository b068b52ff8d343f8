import { Client } from 'pg';
import request, { Response } from 'supertest';
import { MIGRATIONS } from '../src/store/migrations';
import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import { TEST_DATABASE_URL, describeWithPostgres, describeWithRedis } from './support/real-servers';
import { ServiceProcess, errorLines, startService } from './support/service-process';
import { BASE, connectionBody, localPostgresBody } from './support/store-rows';
import { TempRedis, startTempRedis } from './support/temp-redis';
import { createPostgresDatabase } from './support/test-app';

// Real processes on real servers: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(120_000);

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * With REDIS_URL, several instances behind a load balancer act as one. Two processes of
 * the real service, started at the same moment on one empty PostgreSQL store and one Redis (a
 * throwaway redis-server), each on its own port.
 */
describeWithPostgres('two service processes on one PostgreSQL store', () => {
  // The machine's Redis is not used (a throwaway redis-server is); where there is none, there is no redis-server either.
  describeWithRedis('and one Redis (real processes)', () => {
    let redis: TempRedis;
    let store: { url: string; drop(): Promise<void> };
    let target: { url: string; drop(): Promise<void> };
    let a: ServiceProcess;
    let b: ServiceProcess;
    const on = (instance: ServiceProcess) => request(instance.url);

    beforeAll(async () => {
      [redis, store, target] = await Promise.all([
        startTempRedis(),
        createPostgresDatabase(TEST_DATABASE_URL!),
        createPostgresDatabase(TEST_DATABASE_URL!),
      ]);
      await query(target.url, 'CREATE TABLE orders (id integer, amount numeric)');
      const env = {
        DATABASE_URL: store.url,
        REDIS_URL: redis.url,
        CONNECTION_TEST_RATE_LIMIT: '3',
      };
      // Both spawned in the same tick: they reach the empty store's migrations together.
      [a, b] = await Promise.all([
        startService('instance A', env),
        startService('instance B', env),
      ]);
      await Promise.all([a.ready(), b.ready()]);
    }, 180_000);
    afterAll(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await Promise.all([store?.drop(), target?.drop(), redis?.dispose()]);
    });

    it('migrates the empty store once when both start at the same moment, and neither logs an error', async () => {
      const rows = await query<{ name: string }>(
        store.url,
        'SELECT name FROM migrations ORDER BY id',
      );
      expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(errorLines(a)).toEqual([]);
      expect(errorLines(b)).toEqual([]);
    });

    it('counts the per-connection test limit across both instances (3 per minute: the 4th is 429, on either)', async () => {
      // A closed port: each test fails fast (CONNECTION_REFUSED) but counts.
      const created = await on(a)
        .post(BASE)
        .set('X-Product-Name', 'reports')
        .send(localPostgresBody(await freePort()))
        .expect(201);
      const id = String(created.body.id);
      for (const instance of [a, b, a]) {
        await on(instance).post(`${BASE}/${id}/test`).expect(200);
      }
      for (const instance of [b, a]) {
        const refused = await on(instance).post(`${BASE}/${id}/test`);
        expectFetError(refused, 'FET-0429');
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    });

    it('stops serving the old cached schema on B at once after a PATCH through A', async () => {
      const body = localPostgresBody(5432, {
        databaseName: new URL(target.url).pathname.slice(1),
        userName: 'postgres',
      });
      const configName = String(body.configName);
      const created = await on(a)
        .post(BASE)
        .set('X-Product-Name', 'reports')
        .send(body)
        .expect(201);
      const id = String(created.body.id);
      const validateOnB = () =>
        on(b)
          .post(`${BASE}/validate-schema`)
          .send({ mappedFields: { [configName]: { late_table: ['id'] } } });

      // A discovers live and caches the catalog in Redis; then the database gains a table.
      await on(a).get(`${BASE}/${id}/schema`).expect(200);
      await query(target.url, 'CREATE TABLE late_table (id integer)');

      // B answers from the snapshot A cached (a live discovery would find late_table).
      const stale: Response = await validateOnB();
      expect(stale.status).toBe(422);
      expect(stale.body.errors).toEqual([
        { type: 'TABLE_NOT_FOUND', dataSourceId: configName, table: 'late_table' },
      ]);

      // A PATCH through A makes that snapshot unreachable for B at once: B discovers live.
      await on(a)
        .patch(`${BASE}/${id}`)
        .send({ metadata: { revision: '2' } })
        .expect(200);
      const fresh = await validateOnB();
      expect({ status: fresh.status, body: fresh.body as unknown }).toEqual({
        status: 200,
        body: { status: 'success', message: expect.any(String) as string },
      });
    });

    it('gives exactly one 201 to a create race over both instances, and 409 FET-1002 to the rest', async () => {
      const body = connectionBody();
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          on(i % 2 === 0 ? a : b)
            .post(BASE)
            .set('X-Product-Name', 'reports')
            .send(body),
        ),
      );
      const created = answers.filter((answer) => answer.status === 201);
      expect(created).toHaveLength(1);
      for (const answer of answers.filter((other) => other.status !== 201))
        expectFetError(answer, 'FET-1002');
      const listed = await on(b).get(BASE).query({ configName: body.configName }).expect(200);
      expect((listed.body.items as Array<{ id: string }>).map((item) => item.id)).toEqual([
        created[0].body.id,
      ]);
    });
  });
});

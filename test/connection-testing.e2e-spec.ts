import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { describeWithPostgres, describeWithRedis, TEST_REDIS_URL } from './support/real-servers';
import { startTempPostgres, TempPostgres } from './support/temp-postgres';
import { createTestApp, expectNoSecrets, TestApp } from './support/test-app';
import { freePort } from './support/ports';
import { connectionBody, localPostgresBody } from './support/store-rows';

const hex = () => randomBytes(5).toString('hex');

/**
 * A throwaway cluster of this machine's PostgreSQL that really checks passwords (the machine's
 * own server trusts every local connection, so a wrong password would pass there): scram for
 * everyone but the `postgres` superuser the test administers it with.
 */
async function passwordCheckingPostgres(): Promise<{ server: TempPostgres; admin: Client }> {
  const server = await startTempPostgres();
  const admin = new Client({ connectionString: server.url() });
  await admin.connect();
  const { rows } = await admin.query<{ hba_file: string }>('SHOW hba_file');
  writeFileSync(
    rows[0].hba_file,
    [
      'local all all trust',
      'host all postgres 127.0.0.1/32 trust',
      'host all all 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'),
  );
  await admin.query('SELECT pg_reload_conf()');
  return { server, admin };
}

/** Waits until the reloaded pg_hba.conf is in force (a wrong password is refused). */
async function untilPasswordsAreChecked(port: number, user: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const client = new Client({
      host: '127.0.0.1',
      port,
      user,
      password: 'not-the-password',
      database: 'postgres',
    });
    try {
      await client.connect();
      await client.end();
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('pg_hba.conf reload did not take effect');
}

const STAGE_NAMES = ['resolve', 'connect', 'tls', 'authenticate', 'query'];
const statuses = (body: { checks: { stage: string; status: string }[] }) =>
  Object.fromEntries(body.checks.map((check) => [check.stage, check.status]));

describeWithPostgres('POST /v1/management/connections/{id}/test (real PostgreSQL)', () => {
  let pg: TempPostgres;
  let admin: Client;
  let t: TestApp;
  const role = `cs_tester_${hex()}`;
  const database = `cs_target_${hex()}`;
  const password = `pw-${hex()}-secret`;
  const wrongPassword = `wrong-${hex()}-secret`;

  beforeAll(async () => {
    ({ server: pg, admin } = await passwordCheckingPostgres());
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
    await untilPasswordsAreChecked(pg.port, role);
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
    await admin?.end();
    await pg?.dispose();
  });

  const create = async (overrides: Record<string, unknown> = {}): Promise<string> => {
    const response = await t.http
      .post('/v1/management/connections')
      .set('X-Product-Name', 'reports')
      .send(
        localPostgresBody(pg.port, {
          databaseName: database,
          userName: role,
          password,
          ...overrides,
        }),
      )
      .expect(201);
    return response.body.id as string;
  };
  const runTest = (id: string) => t.http.post(`/v1/management/connections/${id}/test`);

  it('succeeds with the server version and every stage ok (TLS skipped: off)', async () => {
    const id = await create();
    const response = await runTest(id).set('X-Product-Name', 'reports').expect(200);
    expect(response.body).toMatchObject({ status: 'success', message: 'Connection successful' });
    expect(response.body.serverVersion).toMatch(/^PostgreSQL \d+(\.\d+)?/);
    expect(response.body.error).toBeUndefined();
    expect(typeof response.body.latencyMs).toBe('number');
    expect(
      (response.body as { checks: { stage: string }[] }).checks.map((check) => check.stage),
    ).toEqual(STAGE_NAMES);
    expect(statuses(response.body)).toEqual({
      resolve: 'ok',
      connect: 'ok',
      tls: 'skipped',
      authenticate: 'ok',
      query: 'ok',
    });
    for (const check of response.body.checks) expect(check.durationMs).toBeGreaterThanOrEqual(0);
    expectNoSecrets(response.text, [password]);
  });

  it('leaves no session behind: once answered tests have closed (after their answer), the role has none left', async () => {
    const id = await create();
    const sessions = async () =>
      Number(
        (
          await admin.query<{ count: string }>(
            'SELECT count(*) FROM pg_stat_activity WHERE usename = $1',
            [role],
          )
        ).rows[0].count,
      );
    for (let call = 0; call < 8; call += 1) {
      const response = await runTest(id).expect(200);
      expect(response.body.status).toBe('success');
    }
    // Each session finishes closing after its answer (bounded by the close grace): poll, bounded.
    let left = await sessions();
    for (let attempt = 0; attempt < 50 && left !== 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = await sessions();
    }
    expect(left).toBe(0);
  });

  it('reports a wrong password as AUTH_FAILED at authenticate, with a fixed message', async () => {
    const id = await create({ password: wrongPassword });
    const response = await runTest(id).expect(200);
    expect(response.body).toMatchObject({
      status: 'failure',
      message: 'The server rejected the user name or password.',
      error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
    });
    expect(response.body.serverVersion).toBeUndefined();
    expect(statuses(response.body)).toEqual({
      resolve: 'ok',
      connect: 'ok',
      tls: 'skipped',
      authenticate: 'failed',
      query: 'skipped',
    });
    expectNoSecrets(response.text, [wrongPassword, password, role, '127.0.0.1', String(pg.port)]);
  });

  it('reports a closed port as CONNECTION_REFUSED at connect', async () => {
    const id = await create({ port: await freePort() });
    const response = await runTest(id).expect(200);
    expect(response.body).toMatchObject({
      status: 'failure',
      error: { reason: 'CONNECTION_REFUSED', stage: 'connect' },
    });
    expect(statuses(response.body)).toEqual({
      resolve: 'ok',
      connect: 'failed',
      tls: 'skipped',
      authenticate: 'skipped',
      query: 'skipped',
    });
    expectNoSecrets(response.text, [password, '127.0.0.1']);
  });

  it('reports an unknown host name as HOST_NOT_FOUND at resolve, every later stage skipped', async () => {
    const host = `no-such-db-${hex()}.invalid`;
    const id = await create({ host });
    const response = await runTest(id).expect(200);
    expect(response.body).toMatchObject({
      status: 'failure',
      message: 'The host name could not be resolved.',
      error: { reason: 'HOST_NOT_FOUND', stage: 'resolve' },
    });
    expect(statuses(response.body)).toEqual({
      resolve: 'failed',
      connect: 'skipped',
      tls: 'skipped',
      authenticate: 'skipped',
      query: 'skipped',
    });
    expectNoSecrets(response.text, [password, host]);
  });

  it('answers 404 FET-1001 for an unknown id, and for a connection of another product', async () => {
    const unknown = await runTest('0190a000-0000-7000-8000-000000000000').expect(404);
    expect(unknown.body.code).toBe('FET-1001');
    const id = await create();
    const otherProduct = await runTest(id).set('X-Product-Name', 'billing').expect(404);
    expect(otherProduct.body.code).toBe('FET-1001');
  });

  it('answers 400 FET-0404 for an id that is not a UUID and 400 FET-0403 for a bad product header', async () => {
    expect((await runTest('not-a-uuid').expect(400)).body.code).toBe('FET-0404');
    const id = await create();
    expect((await runTest(id).set('X-Product-Name', 'no spaces!').expect(400)).body.code).toBe(
      'FET-0403',
    );
  });

  it('refuses the 11th test of one connection within a minute with 429 FET-0429 and Retry-After', async () => {
    const id = await create({ port: await freePort() });
    for (let call = 0; call < 10; call += 1) await runTest(id).expect(200);
    const refused = await runTest(id).expect(429);
    expect(refused.body.code).toBe('FET-0429');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another connection has its own quota.
    await runTest(await create()).expect(200);
  });
});

describeWithPostgres('POST /v1/management/connections/{id}/test with HOST_POLICY=strict', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { HOST_POLICY: 'strict' } });
  });
  afterAll(() => t.close());

  it('refuses to dial a name that resolves to loopback: FORBIDDEN_HOST at resolve', async () => {
    const created = await t.http
      .post('/v1/management/connections')
      .set('X-Product-Name', 'reports')
      .send(connectionBody({ host: 'localhost', password: 'strict-secret' }))
      .expect(201);
    const response = await t.http
      .post(`/v1/management/connections/${created.body.id}/test`)
      .expect(200);
    expect(response.body).toMatchObject({
      status: 'failure',
      message: 'The host is not allowed by the host policy.',
      error: { reason: 'FORBIDDEN_HOST', stage: 'resolve' },
    });
    expect(statuses(response.body)).toEqual({
      resolve: 'failed',
      connect: 'skipped',
      tls: 'skipped',
      authenticate: 'skipped',
      query: 'skipped',
    });
    expectNoSecrets(response.text, ['strict-secret', 'localhost', '127.0.0.1']);
  });
});

describeWithPostgres(
  'POST /v1/management/connections/{id}/test against a server that never answers',
  () => {
    let t: TestApp;
    let silent: Server;
    const sockets = new Set<Socket>();
    /** One per accepted connection: resolves when the client hangs up. */
    const hangUps: Promise<void>[] = [];
    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.resume(); // read and drop what the client sends, so its hang-up is seen
        hangUps.push(new Promise((resolve) => socket.once('end', resolve).once('close', resolve)));
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      t = await createTestApp({ env: { CONNECTION_TEST_TIMEOUT_MS: '500' } });
    });
    afterAll(async () => {
      await t.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('ends with TIMEOUT under CONNECTION_TEST_TIMEOUT_MS, and the driver hangs up', async () => {
      const created = await t.http
        .post('/v1/management/connections')
        .set('X-Product-Name', 'reports')
        .send(
          localPostgresBody((silent.address() as AddressInfo).port, { password: 'silent-secret' }),
        )
        .expect(201);
      const response = await t.http
        .post(`/v1/management/connections/${created.body.id}/test`)
        .expect(200);
      expect(response.body).toMatchObject({
        status: 'failure',
        error: { reason: 'TIMEOUT', stage: 'authenticate' },
      });
      expect(statuses(response.body)).toMatchObject({
        resolve: 'ok',
        connect: 'ok',
        authenticate: 'failed',
        query: 'skipped',
      });
      expectNoSecrets(response.text, ['silent-secret']);
      // The driver hung up when the deadline aborted the call (it did not leave the socket open).
      expect(hangUps).toHaveLength(1);
      await Promise.all(hangUps);
    });
  },
);

describeWithRedis('POST /v1/management/connections/{id}/test with REDIS_URL (real Redis)', () => {
  let t: TestApp;
  let redis: Redis;
  let key: string | undefined;
  beforeAll(async () => {
    t = await createTestApp({
      env: { REDIS_URL: TEST_REDIS_URL as string, CONNECTION_TEST_RATE_LIMIT: '2' },
    });
    redis = new Redis(TEST_REDIS_URL as string);
  });
  afterAll(async () => {
    if (key) await redis.del(key);
    await redis.quit();
    await t.close();
  });

  it('counts tests in Redis (where every instance sees them) and refuses past the limit', async () => {
    const created = await t.http
      .post('/v1/management/connections')
      .set('X-Product-Name', 'reports')
      .send(connectionBody({ host: `gone-${hex()}.invalid` }))
      .expect(201);
    const id = created.body.id as string;
    key = `cs:rl:test:${id}`;
    await t.http.post(`/v1/management/connections/${id}/test`).expect(200);
    expect(await redis.get(key)).toBe('1');
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    await t.http.post(`/v1/management/connections/${id}/test`).expect(200);
    const refused = await t.http.post(`/v1/management/connections/${id}/test`).expect(429);
    expect(refused.body.code).toBe('FET-0429');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});

import { randomBytes } from 'node:crypto';
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import Redis from 'ioredis';
import { Connection as MysqlConnection, createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { Response } from 'supertest';
import { MongoWireFake, startMongoWireFake } from './fakes/mongo-wire-fake';
import { TdsFake, startTdsFake } from './fakes/tds-fake';
import { TnsRefuser, startTnsRefuser } from './fakes/tns-refuser';
import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import {
  TEST_MYSQL_URL,
  TEST_REDIS_URL,
  describeWithMysql,
  describeWithPostgres,
  describeWithRedis,
} from './support/real-servers';
import { StoreFingerprint, openStoreFingerprint } from './support/store-fingerprint';
import { BASE, BODY_PASSWORD, connectionBody, describeEachStore } from './support/store-rows';
import { TempPostgres, startTempPostgres } from './support/temp-postgres';
import { StoreKind, TestApp, createTestApp, expectNoSecrets } from './support/test-app';
import { TestIssuer } from './support/token-issuer';

// Throwaway PostgreSQL clusters, real servers and fakes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const TEST = `${BASE}/test`;
const hex = () => randomBytes(5).toString('hex');
const STAGES = ['resolve', 'connect', 'tls', 'authenticate', 'query'];

interface Check {
  stage: string;
  status: string;
}
const statuses = (res: Response) =>
  Object.fromEntries(
    (res.body as { checks: Check[] }).checks.map((check) => [check.stage, check.status]),
  );
const stageNames = (res: Response) =>
  (res.body as { checks: Check[] }).checks.map((check) => check.stage);

/** A test-before-saving body: a create body without its configName (override anything). */
function unsavedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const body = connectionBody(overrides);
  if (!('configName' in overrides)) delete body.configName;
  return body;
}

/** The store as rows and as the API lists them: neither may change under a test before saving. */
async function storeState(t: TestApp, fingerprint: StoreFingerprint): Promise<unknown> {
  const listed = await t.http.get(BASE).expect(200);
  return { rows: await fingerprint.take(), total: (listed.body as { total: number }).total };
}

/** A loopback listener that counts the TCP connections made to it and drops each at once. */
async function countingListener(): Promise<{
  port: number;
  connections(): number;
  close(): Promise<void>;
}> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeWithPostgres(
  'POST /v1/management/connections/test against a real PostgreSQL (a throwaway cluster that checks passwords)',
  () => {
    let pg: TempPostgres;
    let t: TestApp;
    let fingerprint: StoreFingerprint;
    let before: unknown;
    const role = `cs_unsaved_${hex()}`;
    const database = `cs_unsaved_db_${hex()}`;
    const password = `pw-${hex()}-unsaved`;
    const wrongPassword = `wrong-${hex()}-unsaved`;

    beforeAll(async () => {
      // The machine's own server trusts every local login: this cluster asks every role but `postgres` for its password.
      pg = await startTempPostgres({ passwordAuth: true });
      const admin = new Client({ connectionString: pg.url() });
      await admin.connect();
      try {
        await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
        await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
      } finally {
        await admin.end();
      }
      t = await createTestApp();
      fingerprint = await openStoreFingerprint(t);
      before = await storeState(t, fingerprint);
    });

    afterAll(async () => {
      await fingerprint?.close();
      await t?.close();
      await pg?.dispose();
    });

    const body = (overrides: Record<string, unknown> = {}) =>
      unsavedBody({
        host: '127.0.0.1',
        port: pg.port,
        databaseName: database,
        userName: role,
        password,
        ...overrides,
      });

    it('succeeds with the server version and every stage ok (TLS skipped: off), without a configName', async () => {
      const res = await t.http.post(TEST).send(body()).expect(200);
      expect(res.body).toMatchObject({ status: 'success', message: 'Connection successful' });
      expect(res.body.serverVersion).toMatch(/^PostgreSQL \d+(\.\d+)?/);
      expect(res.body.error).toBeUndefined();
      expect(stageNames(res)).toEqual(STAGES);
      expect(statuses(res)).toEqual({
        resolve: 'ok',
        connect: 'ok',
        tls: 'skipped',
        authenticate: 'ok',
        query: 'ok',
      });
      expectNoSecrets(res.text, [password]);
    });

    it('takes a configName, a blank one, a null one and any X-Product-Name without storing anything', async () => {
      for (const configName of ['sales-db', '   ', null]) {
        const res = await t.http
          .post(TEST)
          .set('X-Product-Name', 'Reports')
          .send(body({ configName }))
          .expect(200);
        expect(res.body.status).toBe('success');
      }
    });

    it('reports a wrong password as AUTH_FAILED at authenticate, with the fixed sentence and no secret', async () => {
      const res = await t.http
        .post(TEST)
        .send(body({ password: wrongPassword }))
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'failure',
        message: 'The server rejected the user name or password.',
        error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
      });
      expect(res.body.serverVersion).toBeUndefined();
      expect(statuses(res)).toEqual({
        resolve: 'ok',
        connect: 'ok',
        tls: 'skipped',
        authenticate: 'failed',
        query: 'skipped',
      });
      expectNoSecrets(res.text, [wrongPassword, password, role, '127.0.0.1', String(pg.port)]);
    });

    it('reports an unknown database as DATABASE_NOT_FOUND', async () => {
      const missing = `cs_missing_${hex()}`;
      const res = await t.http
        .post(TEST)
        .send(body({ databaseName: missing }))
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'failure',
        message: 'The database does not exist on the server.',
        error: { reason: 'DATABASE_NOT_FOUND', stage: 'authenticate' },
      });
      expect(statuses(res)).toMatchObject({
        resolve: 'ok',
        authenticate: 'failed',
        query: 'skipped',
      });
      expectNoSecrets(res.text, [password, missing]);
    });

    it('stored nothing: the store and the list are as they were before these tests', async () => {
      expect(await storeState(t, fingerprint)).toEqual(before);
    });
  },
);

describeWithMysql(
  'POST /v1/management/connections/test against the real MariaDB/MySQL server',
  () => {
    let admin: MysqlConnection;
    let t: TestApp;
    let port: number;
    const user = `cs_unsaved_${hex()}`;
    const password = `pw-${hex()}-unsaved`;
    const database = `cs_unsaved_${hex()}`;

    beforeAll(async () => {
      const url = new URL(TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
      port = Number(url.port || 3306);
      admin = await createConnection({
        host: '127.0.0.1',
        port,
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      });
      await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
      await admin.query(`CREATE DATABASE ${database}`);
      // Global read rights: an unknown database is then "unknown database", not "access denied".
      await admin.query(`GRANT SELECT ON *.* TO '${user}'@'%'`);
      t = await createTestApp();
    });

    afterAll(async () => {
      await t?.close();
      if (!admin) return;
      await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
      await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      await admin.end();
    });

    const body = (overrides: Record<string, unknown> = {}) =>
      unsavedBody({
        type: 'MYSQL',
        host: '127.0.0.1',
        port,
        databaseName: database,
        userName: user,
        password,
        ...overrides,
      });

    it('succeeds with the server version and the stages it went through', async () => {
      const res = await t.http.post(TEST).send(body()).expect(200);
      expect(res.body).toMatchObject({ status: 'success', message: 'Connection successful' });
      expect(res.body.serverVersion).toMatch(/^(MariaDB|MySQL) \d+\.\d+/);
      expect(statuses(res)).toEqual({
        resolve: 'ok',
        connect: 'ok',
        tls: 'skipped',
        authenticate: 'ok',
        query: 'ok',
      });
      expectNoSecrets(res.text, [password]);
    });

    it('reports a wrong password as AUTH_FAILED at authenticate', async () => {
      const wrong = `wrong-${hex()}`;
      const res = await t.http
        .post(TEST)
        .send(body({ password: wrong }))
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'failure',
        error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
      });
      expect(statuses(res)).toMatchObject({ authenticate: 'failed', query: 'skipped' });
      expectNoSecrets(res.text, [wrong, password, user]);
    });

    it('reports an unknown database as DATABASE_NOT_FOUND', async () => {
      const missing = `cs_missing_${hex()}`;
      const res = await t.http
        .post(TEST)
        .send(body({ databaseName: missing }))
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'failure',
        message: 'The database does not exist on the server.',
        error: { reason: 'DATABASE_NOT_FOUND' },
      });
      expectNoSecrets(res.text, [password, missing]);
    });
  },
);

describe('POST /v1/management/connections/test against MongoDB, SQL Server and Oracle (wire-protocol fakes, not real servers)', () => {
  let t: TestApp;
  let mongo: MongoWireFake;
  let tds: TdsFake;
  let tns: TnsRefuser;

  beforeAll(async () => {
    mongo = await startMongoWireFake({
      users: { reporter: 'mongo-pw-1' },
      databases: { shop: {} },
    });
    tds = await startTdsFake({
      users: { reporter: 'Tds-pw-1!' },
      databases: ['sales'],
      catalogRows: [],
      catalogTypes: [],
    });
    tns = await startTnsRefuser({ refuse: 12514 });
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
    await Promise.all([mongo?.close(), tds?.close(), tns?.close()]);
  });

  const run = (overrides: Record<string, unknown>) =>
    t.http
      .post(TEST)
      .send(unsavedBody({ host: '127.0.0.1', userName: 'reporter', ...overrides }))
      .expect(200);

  it('MongoDB (fake): success with the version, a wrong password is AUTH_FAILED at authenticate', async () => {
    const mongoBody = {
      type: 'MONGODB',
      port: mongo.port,
      databaseName: 'shop',
      metadata: { authSource: 'admin' },
    };
    const ok = await run({ ...mongoBody, password: 'mongo-pw-1' });
    expect(ok.body).toMatchObject({ status: 'success', serverVersion: 'MongoDB 7.0.0' });
    const wrong = await run({ ...mongoBody, password: 'not-mongo-pw' });
    expect(wrong.body).toMatchObject({
      status: 'failure',
      error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
    });
    expectNoSecrets(wrong.text, ['not-mongo-pw', 'mongo-pw-1']);
  });

  it('SQL Server (fake): success with the version, a wrong password, an unknown database', async () => {
    const tdsBody = { type: 'SQL_SERVER', port: tds.port, databaseName: 'sales' };
    const ok = await run({ ...tdsBody, password: 'Tds-pw-1!' });
    expect(ok.body).toMatchObject({
      status: 'success',
      serverVersion: expect.stringMatching(/^Microsoft SQL Server/),
    });
    expect(tds.logins.at(-1)).toEqual({
      userName: 'reporter',
      database: 'sales',
      readOnlyIntent: true,
    });
    const wrong = await run({ ...tdsBody, password: 'not-the-pw' });
    expect(wrong.body).toMatchObject({
      status: 'failure',
      error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
    });
    const unknown = await run({ ...tdsBody, password: 'Tds-pw-1!', databaseName: 'nope' });
    expect(unknown.body).toMatchObject({
      status: 'failure',
      error: { reason: 'DATABASE_NOT_FOUND' },
    });
  });

  it('Oracle (fake listener): a service the listener does not know is DATABASE_NOT_FOUND at connect', async () => {
    const res = await run({
      type: 'ORACLE',
      port: tns.port,
      databaseName: 'ORCLPDB1',
      password: 'oracle-pw',
    });
    expect(res.body).toMatchObject({
      status: 'failure',
      error: { reason: 'DATABASE_NOT_FOUND', stage: 'connect' },
    });
    expect(tns.connects).toBe(1);
  });
});

describeEachStore(
  'POST /v1/management/connections/test: the body, the host policy, the route',
  (store: StoreKind) => {
    let t: TestApp;
    let fingerprint: StoreFingerprint;
    let before: unknown;
    let listener: Awaited<ReturnType<typeof countingListener>>;

    beforeAll(async () => {
      listener = await countingListener();
      t = await createTestApp({ store });
      fingerprint = await openStoreFingerprint(t);
      before = await storeState(t, fingerprint);
    });

    afterAll(async () => {
      await fingerprint?.close();
      await t?.close();
      await listener?.close();
    });

    const test = (body: unknown) => t.http.post(TEST).send(body as object);
    /** A body that dials the counting listener, when it gets that far. */
    const toListener = (overrides: Record<string, unknown> = {}) =>
      unsavedBody({ host: '127.0.0.1', port: listener.port, ...overrides });

    describe('validated like a create body (same codes, same order), and nothing dialled when refused', () => {
      const refused: Array<[string, Record<string, unknown>, string, string[]]> = [
        [
          'an unexpected field, top level and in ssl',
          { foo: 1, ssl: { mode: 'require', foo: 'x' } },
          'FET-0400',
          ['foo', 'ssl.foo'],
        ],
        [
          'response-only fields',
          { id: '019abcde-f012-7345-8678-9abcdef01234', productName: 'x' },
          'FET-0400',
          ['id', 'productName'],
        ],
        [
          'host null, userName blank, password empty',
          { host: null, userName: '  ', password: '' },
          'FET-0402',
          ['host', 'password', 'userName'],
        ],
        ['ssl without its mode', { ssl: { ca: 'x' } }, 'FET-0402', ['ssl.mode']],
        [
          'a nested metadata value',
          { metadata: { team: { a: 'b' } } },
          'FET-0410',
          ['metadata.team'],
        ],
        [
          'a metadata value of 2001 chars',
          { metadata: { note: 'v'.repeat(2001) } },
          'FET-0411',
          ['metadata.note'],
        ],
        ['an unknown ssl mode', { ssl: { mode: 'prefer' } }, 'FET-0413', ['ssl.mode']],
        ['a configName create would refuse', { configName: 'prod db' }, 'FET-0001', ['configName']],
        [
          'port as a string, type in lower case',
          { port: '5432', type: 'postgresql' },
          'FET-0001',
          ['port', 'type'],
        ],
        ['a host with credentials', { host: 'user@db.example.com' }, 'FET-0001', ['host']],
        [
          'an engine rule (MongoDB directConnection)',
          { type: 'MONGODB', metadata: { directConnection: 'yes' } },
          'FET-0001',
          ['metadata.directConnection'],
        ],
        // Precedence: 0400 → 0402 → metadata → 0413 → 0414 → 0001.
        ['unexpected beats missing', { extra: true, host: null }, 'FET-0400', ['extra']],
        [
          'missing beats metadata',
          { host: null, metadata: { a: { b: 'c' } } },
          'FET-0402',
          ['host'],
        ],
        [
          'metadata beats ssl',
          { metadata: { b: 'v'.repeat(2001) }, ssl: { mode: 'bad' } },
          'FET-0411',
          ['metadata.b'],
        ],
        [
          'ssl beats a forbidden host',
          { ssl: { mode: 'bad' }, host: '169.254.169.254' },
          'FET-0413',
          ['ssl.mode'],
        ],
        [
          'a forbidden host beats an invalid value',
          { host: '169.254.169.254', port: '5432' },
          'FET-0414',
          ['host'],
        ],
      ];
      it.each(refused)('%s', async (_name, overrides, code, fields) => {
        const dialled = listener.connections();
        const res = await test(toListener(overrides));
        expectFetError(res, code, fields);
        // An error may name the password field, never its value.
        expect(res.text).not.toContain(BODY_PASSWORD);
        expect(listener.connections()).toBe(dialled);
      });

      it('an empty object names the six required fields (configName is not one)', async () => {
        expectFetError(await test({}), 'FET-0402', [
          'databaseName',
          'host',
          'password',
          'port',
          'type',
          'userName',
        ]);
      });

      it('the body itself: malformed JSON, another content type, an array → 400 FET-0001', async () => {
        expectFetError(
          await t.http.post(TEST).set('Content-Type', 'application/json').send('{"host": "x",'),
          'FET-0001',
        );
        expectFetError(
          await t.http
            .post(TEST)
            .set('Content-Type', 'text/plain')
            .send(JSON.stringify(toListener())),
          'FET-0001',
          ['Content-Type'],
        );
        expectFetError(await test([toListener()]), 'FET-0001', ['body']);
      });

      it('a malformed X-Product-Name is 400 FET-0403 (a well-formed one plays no part)', async () => {
        const dialled = listener.connections();
        expectFetError(
          await t.http.post(TEST).set('X-Product-Name', 'no spaces!').send(toListener()),
          'FET-0403',
          ['X-Product-Name'],
        );
        expect(listener.connections()).toBe(dialled);
      });

      it('a valid body does dial (the listener above is reachable)', async () => {
        const dialled = listener.connections();
        const res = await test(toListener()).expect(200);
        expect(res.body.status).toBe('failure');
        expect(listener.connections()).toBe(dialled + 1);
      });
    });

    describe('the host policy (HOST_POLICY=default), as on create', () => {
      it.each([
        '169.254.169.254',
        '::ffff:169.254.169.254',
        '[fd00:ec2::254]',
        'metadata.google.internal',
        '0xa9.0xfe.0xa9.0xfe',
      ])(
        'an address or name the policy forbids, %s → 400 FET-0414 naming neither host nor range',
        async (host) => {
          const res = await test(unsavedBody({ host }));
          expectFetError(res, 'FET-0414', ['host']);
          for (const fragment of [host, '169.254', 'a9fe', 'ec2', 'metadata.google'])
            expect(res.text).not.toContain(fragment);
        },
      );

      it('a name that does not resolve (.invalid) → 200 with HOST_NOT_FOUND at resolve, every later stage skipped', async () => {
        const host = `no-such-db-${hex()}.invalid`;
        const res = await test(unsavedBody({ host })).expect(200);
        expect(res.body).toMatchObject({
          status: 'failure',
          message: 'The host name could not be resolved.',
          error: { reason: 'HOST_NOT_FOUND', stage: 'resolve' },
        });
        expect(statuses(res)).toEqual({
          resolve: 'failed',
          connect: 'skipped',
          tls: 'skipped',
          authenticate: 'skipped',
          query: 'skipped',
        });
        expectNoSecrets(res.text, [BODY_PASSWORD, host]);
      });
    });

    describe('the route beside GET /{id} and POST /{id}/test', () => {
      it('GET /test is read as GET /{id} (400 FET-0404), like GET /validate-schema', async () => {
        expectFetError(await t.http.get(TEST), 'FET-0404');
        expectFetError(await t.http.get(`${BASE}/validate-schema`), 'FET-0404');
      });

      it('a method neither route has is 405 with the methods of both in Allow', async () => {
        for (const path of [TEST, `${BASE}/validate-schema`]) {
          const res = await t.http.put(path).send({});
          expectFetError(res, 'FET-0006');
          expect(res.headers.allow).toBe('DELETE, GET, PATCH, POST');
        }
      });

      it('POST /{id}/test is still the stored connection’s test', async () => {
        expectFetError(
          await t.http.post(`${BASE}/0190a000-0000-7000-8000-000000000000/test`),
          'FET-1001',
        );
        expectFetError(await t.http.post(`${BASE}/test/test`), 'FET-0404');
      });
    });

    it('stored nothing: every table of the store and the list are as they were before this suite', async () => {
      expect(await storeState(t, fingerprint)).toEqual(before);
    });
  },
);

describe('POST /v1/management/connections/test with HOST_POLICY=strict', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { HOST_POLICY: 'strict' } });
  });
  afterAll(() => t.close());

  it('a loopback literal is 400 FET-0414, as on create', async () => {
    expectFetError(await t.http.post(TEST).send(unsavedBody({ host: '127.0.0.1' })), 'FET-0414', [
      'host',
    ]);
  });

  it('a name that resolves to loopback is a 200 failure: FORBIDDEN_HOST at resolve, nothing dialled', async () => {
    const res = await t.http
      .post(TEST)
      .send(unsavedBody({ host: 'localhost', password: 'strict-unsaved' }))
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'failure',
      message: 'The host is not allowed by the host policy.',
      error: { reason: 'FORBIDDEN_HOST', stage: 'resolve' },
    });
    expect(statuses(res)).toEqual({
      resolve: 'failed',
      connect: 'skipped',
      tls: 'skipped',
      authenticate: 'skipped',
      query: 'skipped',
    });
    expectNoSecrets(res.text, ['strict-unsaved', 'localhost', '127.0.0.1']);
  });
});

describe('POST /v1/management/connections/test: rate limited per organization (UNSAVED_TEST_RATE_LIMIT=3)', () => {
  let t: TestApp;
  let closedPort: number;
  beforeAll(async () => {
    closedPort = await freePort();
    t = await createTestApp({ env: { UNSAVED_TEST_RATE_LIMIT: '3' } });
  });
  afterAll(() => t.close());

  it('a refused body spends nothing; the 4th test in a minute is 429 FET-0429 with Retry-After; stored connections keep their own quota', async () => {
    const body = unsavedBody({ host: '127.0.0.1', port: closedPort });
    for (let i = 0; i < 5; i += 1)
      expectFetError(await t.http.post(TEST).send({ ...body, port: 'x' }), 'FET-0001', ['port']);
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http.post(TEST).send(body).expect(200);
      expect(res.body.error).toEqual({ reason: 'CONNECTION_REFUSED', stage: 'connect' });
    }
    const refused = await t.http.post(TEST).send(body);
    expectFetError(refused, 'FET-0429');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Still validated first: a bad body is a 400, not a 429.
    expectFetError(await t.http.post(TEST).send({ ...body, port: 'x' }), 'FET-0001', ['port']);
    // The per-connection quota of POST /{id}/test is another one.
    const created = await t.http
      .post(BASE)
      .set('X-Product-Name', 'reports')
      .send(connectionBody({ host: '127.0.0.1', port: closedPort }))
      .expect(201);
    await t.http.post(`${BASE}/${created.body.id}/test`).expect(200);
  });
});

describe('POST /v1/management/connections/test with authentication on (two organizations, UNSAVED_TEST_RATE_LIMIT=2)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let closedPort: number;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    closedPort = await freePort();
    t = await createTestApp({ env: { ...issuer.env(), UNSAVED_TEST_RATE_LIMIT: '2' } });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const test = (token?: string) => {
    const req = t.http.post(TEST);
    if (token) req.set(bearer(token));
    return req.send(unsavedBody({ host: '127.0.0.1', port: closedPort }));
  };

  it('needs connections:test: 401 without a token, 403 FET-0042 naming it without the permission, and neither is counted', async () => {
    const refused = await test();
    expectFetError(refused, 'FET-0041');
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    const readWrite = await issuer.token('org-c', {
      claims: { scope: 'connections:read connections:write' },
    });
    for (let i = 0; i < 3; i += 1) {
      const forbidden = await test(readWrite);
      expectFetError(forbidden, 'FET-0042');
      expect(forbidden.headers['www-authenticate']).toBe(
        'Bearer error="insufficient_scope", scope="connections:test"',
      );
    }
    const testOnly = await issuer.token('org-c', { claims: { scope: 'connections:test' } });
    await test(testOnly).expect(200);
    await test(testOnly).expect(200);
    expectFetError(await test(testOnly), 'FET-0429');
  });

  it('counts per organization, the organization taken from the token', async () => {
    const a = await issuer.token('org-a');
    const b = await issuer.token('org-b');
    await test(a).expect(200);
    await test(a).expect(200);
    expectFetError(await test(a), 'FET-0429');
    // Another token of the same organization shares its quota; another organization has its own.
    expectFetError(await test(await issuer.token('org-a', { alg: 'HS256' })), 'FET-0429');
    const other = await test(b).expect(200);
    expect(other.body.error).toEqual({ reason: 'CONNECTION_REFUSED', stage: 'connect' });
  });
});

describeWithRedis('POST /v1/management/connections/test with REDIS_URL (real Redis)', () => {
  let t: TestApp;
  let redis: Redis;
  const key = 'cs:rl:unsaved-test:default';
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL as string);
    await redis.del(key);
    t = await createTestApp({
      env: { REDIS_URL: TEST_REDIS_URL as string, UNSAVED_TEST_RATE_LIMIT: '2' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.del(key);
    await redis?.quit();
  });

  it('counts the organization’s tests in Redis, under a key of their own, and refuses past the limit', async () => {
    const body = unsavedBody({ host: `gone-${hex()}.invalid` });
    await t.http.post(TEST).send(body).expect(200);
    expect(await redis.get(key)).toBe('1');
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    await t.http.post(TEST).send(body).expect(200);
    expectFetError(await t.http.post(TEST).send(body), 'FET-0429');
  });
});

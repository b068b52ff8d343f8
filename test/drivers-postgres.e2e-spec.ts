import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { callContext } from '../src/drivers/call-context';
import { DriverTarget } from '../src/drivers/database-driver';
import { PostgresDriver } from '../src/drivers/postgres/postgres.driver';
import { withPostgresSession } from '../src/drivers/postgres/postgres-session';
import { describeWithPostgres } from './support/real-servers';
import { startTempPostgres, TempPostgres } from './support/temp-postgres';
import { createTlsFixtures, TlsFixtures } from './support/tls-fixtures';
import { freePort } from './support/ports';

const driver = new PostgresDriver();
const name = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

function target(port: number, overrides: Partial<DriverTarget> = {}): DriverTarget {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    type: 'POSTGRESQL',
    host: 'localhost',
    port,
    databaseName: 'postgres',
    userName: 'postgres',
    password: 'unused',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: 'localhost', address: '127.0.0.1', family: 4 },
    ...overrides,
  };
}

async function admin<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describeWithPostgres('PostgresDriver against a real PostgreSQL (password auth)', () => {
  let server: TempPostgres;
  const role = name('cs_reader');
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const database = name('cs_db');
  const lockedDatabase = name('cs_locked');

  beforeAll(async () => {
    server = await startTempPostgres({ passwordAuth: true });
    await admin(server.url(), async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await client.query(`CREATE DATABASE ${database}`);
      await client.query(`CREATE DATABASE ${lockedDatabase}`);
      await client.query(`REVOKE CONNECT ON DATABASE ${lockedDatabase} FROM PUBLIC`);
    });
    await admin(server.url(database), (client) =>
      client.query(
        `CREATE TABLE things (id int PRIMARY KEY, label text NOT NULL); GRANT SELECT ON things TO ${role}`,
      ),
    );
  });

  afterAll(async () => {
    await server?.dispose();
  });

  const reader = (overrides: Partial<DriverTarget> = {}) =>
    target(server.port, { userName: role, password, databaseName: database, ...overrides });

  it('succeeds with the server version and the stages it went through', async () => {
    const result = await driver.probe(reader(), callContext(10_000));
    expect(result.serverVersion).toMatch(/^PostgreSQL \d+\.\d+/);
    expect(Object.keys(result.stages).sort()).toEqual(['authenticate', 'connect', 'query']);
  });

  it('reports a wrong password as AUTH_FAILED at authenticate', async () => {
    await expect(
      driver.probe(reader({ password: 'wrong' }), callContext(10_000)),
    ).rejects.toMatchObject({
      reason: 'AUTH_FAILED',
      stage: 'authenticate',
    });
  });

  it('reports an unknown database as DATABASE_NOT_FOUND', async () => {
    await expect(
      driver.probe(reader({ databaseName: name('missing') }), callContext(10_000)),
    ).rejects.toMatchObject({
      reason: 'DATABASE_NOT_FOUND',
    });
  });

  it('reports a database the role may not connect to as PERMISSION_DENIED', async () => {
    await expect(
      driver.probe(reader({ databaseName: lockedDatabase }), callContext(10_000)),
    ).rejects.toMatchObject({
      reason: 'PERMISSION_DENIED',
    });
  });

  it('reports a closed port as CONNECTION_REFUSED at connect', async () => {
    await expect(
      driver.probe(reader({ port: await freePort() }), callContext(10_000)),
    ).rejects.toMatchObject({
      reason: 'CONNECTION_REFUSED',
      stage: 'connect',
    });
  });

  it('reports a stopped server as CONNECTION_REFUSED, and succeeds again once it is back', async () => {
    await server.stop();
    try {
      await expect(driver.probe(reader(), callContext(10_000))).rejects.toMatchObject({
        reason: 'CONNECTION_REFUSED',
      });
    } finally {
      await server.start();
    }
    await expect(driver.probe(reader(), callContext(10_000))).resolves.toHaveProperty(
      'serverVersion',
    );
  });

  it('opens read-only sessions: a write is refused by the server', async () => {
    await expect(
      withPostgresSession(reader(), callContext(10_000), (client) =>
        client.query('CREATE TABLE nope (a int)'),
      ),
    ).rejects.toMatchObject({ code: '25006' });
  });

  it('discovers the tables the role can see, and leaves no session behind', async () => {
    const tables = await driver.discover(reader(), {}, callContext(10_000));
    expect(tables).toContainEqual(
      expect.objectContaining({
        name: 'things',
        kind: 'table',
        columns: expect.arrayContaining([
          expect.objectContaining({ name: 'id', primaryKey: true, nullable: false }),
        ]),
      }),
    );
    // The backend leaves pg_stat_activity just after the socket closes: wait for that, bounded.
    const sessions = await admin(server.url(), async (client) => {
      let count = -1;
      for (let attempt = 0; attempt < 50 && count !== 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        const result = await client.query<{ count: string }>(
          `SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND application_name = 'connections-service'`,
          [role],
        );
        count = Number(result.rows[0].count);
      }
      return count;
    });
    expect(sessions).toBe(0);
  });

  it('reports a wrong password on discovery as a DriverError (AUTH_FAILED)', async () => {
    await expect(
      driver.discover(reader({ password: 'wrong' }), {}, callContext(10_000)),
    ).rejects.toMatchObject({
      name: 'DriverError',
      reason: 'AUTH_FAILED',
    });
  });
});

describeWithPostgres('PostgresDriver TLS modes against a real PostgreSQL serving TLS only', () => {
  let tls: TlsFixtures;
  let server: TempPostgres;

  beforeAll(async () => {
    tls = createTlsFixtures();
    server = await startTempPostgres({ tls: { certFile: tls.certFile, keyFile: tls.keyFile } });
  });

  afterAll(async () => {
    await server?.dispose();
    tls?.dispose();
  });

  it('require succeeds without any CA, and measures the tls stage', async () => {
    const result = await driver.probe(
      target(server.port, { ssl: { mode: 'require' } }),
      callContext(10_000),
    );
    expect(result.serverVersion).toMatch(/^PostgreSQL/);
    expect(Object.keys(result.stages).sort()).toEqual(['authenticate', 'connect', 'query', 'tls']);
  });

  it('verify-ca succeeds with the CA that signed the certificate', async () => {
    const ssl = { mode: 'verify-ca' as const, ca: tls.caPem };
    await expect(
      driver.probe(target(server.port, { ssl }), callContext(10_000)),
    ).resolves.toHaveProperty('serverVersion');
  });

  it('verify-ca does not check the name (host that does not match the certificate still succeeds)', async () => {
    const ssl = { mode: 'verify-ca' as const, ca: tls.caPem };
    const probe = driver.probe(
      target(server.port, { host: 'wrong.example', ssl }),
      callContext(10_000),
    );
    await expect(probe).resolves.toHaveProperty('serverVersion');
  });

  it('verify-ca with another CA fails with TLS_ERROR at tls', async () => {
    const ssl = { mode: 'verify-ca' as const, ca: tls.wrongCaPem };
    await expect(
      driver.probe(target(server.port, { ssl }), callContext(10_000)),
    ).rejects.toMatchObject({
      reason: 'TLS_ERROR',
      stage: 'tls',
    });
  });

  it('verify-ca with no CA (system roots only) fails with TLS_ERROR', async () => {
    await expect(
      driver.probe(target(server.port, { ssl: { mode: 'verify-ca' } }), callContext(10_000)),
    ).rejects.toMatchObject({ reason: 'TLS_ERROR', stage: 'tls' });
  });

  it('verify-full succeeds when the connection host is the certificate name (dialling 127.0.0.1)', async () => {
    const ssl = { mode: 'verify-full' as const, ca: tls.caPem };
    await expect(
      driver.probe(target(server.port, { host: 'localhost', ssl }), callContext(10_000)),
    ).resolves.toHaveProperty('serverVersion');
  });

  it('verify-full fails with TLS_ERROR when the host name does not match the certificate', async () => {
    const ssl = { mode: 'verify-full' as const, ca: tls.caPem };
    const wrongHost = target(server.port, {
      host: 'wrong.example',
      approved: { host: 'wrong.example', address: '127.0.0.1', family: 4 },
      ssl,
    });
    await expect(driver.probe(wrongHost, callContext(10_000))).rejects.toMatchObject({
      reason: 'TLS_ERROR',
      stage: 'tls',
    });
  });

  it('disable is refused by a server that accepts TLS connections only (no pg_hba entry: AUTH_FAILED)', async () => {
    await expect(
      driver.probe(target(server.port, { ssl: { mode: 'disable' } }), callContext(10_000)),
    ).rejects.toMatchObject({ reason: 'AUTH_FAILED', stage: 'authenticate' });
  });

  it('require against a server without TLS fails with TLS_ERROR', async () => {
    const plain = await startTempPostgres();
    try {
      await expect(
        driver.probe(target(plain.port, { ssl: { mode: 'require' } }), callContext(10_000)),
      ).rejects.toMatchObject({ reason: 'TLS_ERROR', stage: 'tls' });
    } finally {
      await plain.dispose();
    }
  });
});

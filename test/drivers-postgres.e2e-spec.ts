/**
 * PostgreSQL cases that do not fit the conformance table (test/conformance/): a server that stops
 * and comes back, read-only sessions, and no session left behind. The generic cases (probe,
 * failures, TLS modes, discovery) run in test/conformance/postgres.e2e-spec.ts.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { callContext } from '../src/drivers/call-context';
import { DriverTarget } from '../src/drivers/database-driver';
import { PostgresDriver } from '../src/drivers/postgres/postgres.driver';
import { withPostgresSession } from '../src/drivers/postgres/postgres-session';
import { loopbackTarget } from './support/driver-target';
import { describeWithPostgres } from './support/real-servers';
import { startTempPostgres, TempPostgres } from './support/temp-postgres';

const driver = new PostgresDriver();
const name = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

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

  beforeAll(async () => {
    server = await startTempPostgres({ passwordAuth: true });
    await admin(server.url(), async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await client.query(`CREATE DATABASE ${database}`);
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
    loopbackTarget(
      'POSTGRESQL',
      server.port,
      { host: 'localhost', userName: role, password, databaseName: database },
      overrides,
    );

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
    expect(tables.map((table) => table.name)).toEqual(['things']);
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
});

/**
 * PostgreSQL cases that do not fit the conformance table (test/conformance/): read-only sessions,
 * and no session left behind. The generic cases (probe, failures, a restarted server, TLS modes,
 * discovery) run in test/conformance/postgres.e2e-spec.ts.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { callContext } from '../src/drivers/call-context';
import { PostgresDriver } from '../src/drivers/postgres/postgres.driver';
import { withPostgresSession } from '../src/drivers/postgres/postgres-session';
import { loopbackTarget } from './support/driver-target';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';

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

describeWithPostgres('PostgresDriver sessions on the real PostgreSQL', () => {
  const serverUrl = TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const role = name('cs_reader');
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const database = name('cs_db');
  const databaseUrl = () => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    await admin(serverUrl, async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await client.query(`CREATE DATABASE ${database}`);
    });
    await admin(databaseUrl(), (client) =>
      client.query(
        `CREATE TABLE things (id int PRIMARY KEY, label text NOT NULL); GRANT SELECT ON things TO ${role}`,
      ),
    );
  });

  afterAll(async () => {
    await admin(serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    });
  });

  const reader = () =>
    loopbackTarget('POSTGRESQL', Number(new URL(serverUrl).port || 5432), {
      host: 'localhost',
      userName: role,
      password,
      databaseName: database,
    });

  it('opens read-only sessions: a write is refused by the server', async () => {
    await expect(
      withPostgresSession(reader(), callContext(10_000), (client) =>
        client.query('CREATE TABLE nope (a int)'),
      ),
    ).rejects.toMatchObject({ code: '25006' });
  });

  /** The role's sessions still open; the backend leaves pg_stat_activity just after the socket closes: waits for that, bounded. */
  const sessionsLeft = () =>
    admin(serverUrl, async (client) => {
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

  it('discovers the tables the role can see, and leaves no session behind', async () => {
    const tables = await driver.discover(reader(), {}, callContext(10_000));
    expect(tables.map((table) => table.name)).toEqual(['things']);
    expect(await sessionsLeft()).toBe(0);
  });

  it('hands its close over, not started, when the caller asks (a test): the probe answers first, the session lives until that close is started, which ends it', async () => {
    const closes: (() => Promise<void>)[] = [];
    const context = callContext(10_000);
    const probe = await driver.probe(reader(), { ...context, deferClose: (close) => closes.push(close) });
    context.end();
    expect(probe.serverVersion).toMatch(/^PostgreSQL \d+/);
    expect(closes).toHaveLength(1);
    const open = await admin(serverUrl, (client) =>
      client.query<{ count: string }>(
        `SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND application_name = 'connections-service'`,
        [role],
      ),
    );
    expect(Number(open.rows[0].count)).toBe(1);
    await closes[0]();
    expect(await sessionsLeft()).toBe(0);
  });
});

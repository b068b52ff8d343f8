import { randomBytes } from 'node:crypto';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import { callContext } from '../src/drivers/call-context';
import { DriverTarget } from '../src/drivers/database-driver';
import { MysqlDriver } from '../src/drivers/mysql/mysql.driver';
import { withMysqlSession } from '../src/drivers/mysql/mysql-session';
import { describeWithMysql, TEST_MYSQL_URL } from './support/real-servers';
import { freePort } from './support/ports';

const driver = new MysqlDriver();
const name = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

/** The admin account of TEST_MYSQL_URL, as structured fields. */
function adminAccount(): {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
} {
  const url = new URL(TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1) || 'test',
  };
}

function target(overrides: Partial<DriverTarget> = {}): DriverTarget {
  const account = adminAccount();
  return {
    id: '0190a000-0000-7000-8000-000000000002',
    type: 'MYSQL',
    host: 'localhost',
    port: account.port,
    databaseName: account.database,
    userName: account.user,
    password: account.password,
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: 'localhost', address: '127.0.0.1', family: 4 },
    ...overrides,
  };
}

describeWithMysql('MysqlDriver against the real MariaDB/MySQL server', () => {
  let admin: Connection;
  const user = name('cs_user');
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const database = name('cs_db');
  const lockedDatabase = name('cs_locked');
  let tlsAvailable = false;

  beforeAll(async () => {
    const account = adminAccount();
    admin = await createConnection({ ...account, host: '127.0.0.1', multipleStatements: false });
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`CREATE DATABASE ${lockedDatabase}`);
    await admin.query(
      `CREATE TABLE ${database}.things (id INT PRIMARY KEY, label VARCHAR(40) NOT NULL)`,
    );
    await admin.query(`GRANT SELECT, INSERT ON ${database}.* TO '${user}'@'%'`);
    const [rows] = await admin.query<RowDataPacket[]>(`SHOW VARIABLES LIKE 'have_ssl'`);
    tlsAvailable = rows[0]?.Value === 'YES';
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`DROP DATABASE IF EXISTS ${lockedDatabase}`);
    await admin.end();
  });

  const reader = (overrides: Partial<DriverTarget> = {}) =>
    target({ userName: user, password, databaseName: database, ...overrides });

  it('succeeds with the server version and the stages it went through', async () => {
    const result = await driver.probe(reader(), callContext(10_000));
    expect(result.serverVersion).toMatch(/^(MariaDB|MySQL) \d+\.\d+/);
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

  it('reports an unknown database as DATABASE_NOT_FOUND (account with global rights)', async () => {
    await expect(
      driver.probe(target({ databaseName: name('missing') }), callContext(10_000)),
    ).rejects.toMatchObject({
      reason: 'DATABASE_NOT_FOUND',
      stage: 'authenticate',
    });
  });

  it('reports a database the user has no grant on as PERMISSION_DENIED', async () => {
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

  it('opens read-only sessions with a statement timeout: a write is refused even with INSERT granted', async () => {
    const timeout = await withMysqlSession(reader(), callContext(10_000), async (connection) => {
      await expect(connection.query(`INSERT INTO things VALUES (1, 'x')`)).rejects.toMatchObject({
        errno: 1792,
      });
      const [rows] = await connection.query<RowDataPacket[]>(
        `SHOW SESSION VARIABLES WHERE Variable_name IN ('max_statement_time', 'max_execution_time')`,
      );
      return Math.max(...rows.map((row) => Number(row.Value)));
    });
    expect(timeout).toBeGreaterThan(0);
    const [rows] = await admin.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM ${database}.things`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('discovers the tables of the database', async () => {
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
  });

  it('reports a wrong password on discovery as a DriverError (AUTH_FAILED)', async () => {
    await expect(
      driver.discover(reader({ password: 'wrong' }), {}, callContext(10_000)),
    ).rejects.toMatchObject({
      name: 'DriverError',
      reason: 'AUTH_FAILED',
    });
  });

  it('require: TLS_ERROR at tls when the server has TLS disabled, success when it has TLS', async () => {
    const probe = driver.probe(reader({ ssl: { mode: 'require' } }), callContext(10_000));
    if (tlsAvailable) {
      await expect(probe).resolves.toMatchObject({
        stages: expect.objectContaining({ tls: expect.any(Number) }),
      });
    } else {
      await expect(probe).rejects.toMatchObject({ reason: 'TLS_ERROR', stage: 'tls' });
    }
  });
});

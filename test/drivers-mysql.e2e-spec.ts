/**
 * MySQL/MariaDB cases that do not fit the conformance table (test/conformance/): the session the
 * driver opens is read-only and has a statement timeout. The generic cases (probe, failures, TLS
 * modes, discovery) run in test/conformance/mysql.e2e-spec.ts.
 */
import { randomBytes } from 'node:crypto';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import { callContext } from '../src/drivers/call-context';
import { withMysqlSession } from '../src/drivers/mysql/mysql-session';
import { loopbackTarget } from './support/driver-target';
import { describeWithMysql, TEST_MYSQL_URL } from './support/real-servers';

const name = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

describeWithMysql('MysqlDriver sessions on the real MariaDB/MySQL server', () => {
  const server = new URL(TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
  let admin: Connection;
  const user = name('cs_user');
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const database = name('cs_db');

  beforeAll(async () => {
    admin = await createConnection({
      host: '127.0.0.1',
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
    await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(
      `CREATE TABLE ${database}.things (id INT PRIMARY KEY, label VARCHAR(40) NOT NULL)`,
    );
    await admin.query(`GRANT SELECT, INSERT ON ${database}.* TO '${user}'@'%'`);
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  });

  it('opens read-only sessions with a statement timeout: a write is refused even with INSERT granted', async () => {
    const reader = loopbackTarget('MYSQL', Number(server.port || 3306), {
      host: 'localhost',
      userName: user,
      password,
      databaseName: database,
    });
    const timeout = await withMysqlSession(reader, callContext(10_000), async (connection) => {
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
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { v5 as uuidv5 } from 'uuid';
import { BASE } from './support/store-rows';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import { ServiceProcess, bootToExit, errorLines, startService } from './support/service-process';
import { createPostgresDatabase } from './support/test-app';

// Real processes (each compiles src/ with ts-node): the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(180_000);

const idOf = (organization: string, configName: string) =>
  uuidv5(`${organization}/${configName}`, '6ba7b811-9dad-11d1-80b4-00c04fd430c8');

const KEY_BODY = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPROCESSKEY';
/** The file's secrets, read by the process from its environment. */
const SECRETS = {
  PROC_PG_PASSWORD: 'Proc-pg-S3cret-e1f2',
  PROC_MYSQL_PASSWORD: 'Proc-my-S3cret-a3b4',
  PROC_MSSQL_PASSWORD: 'Proc-ms-S3cret-c5d6',
  PROC_ORACLE_PASSWORD: 'Proc-or-S3cret-e7f8',
  PROC_MONGO_PASSWORD: 'Proc-mo-S3cret-a9b0',
  PROC_TLS_KEY: `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n`,
};
const LITERAL_SECRET = 'Literal-S3cret-in-the-file';

describe('provisioning, with the real process (src/main.ts)', () => {
  const files = mkdtempSync(join(tmpdir(), 'cs-provisioning-process-'));
  afterAll(() => rmSync(files, { recursive: true, force: true }));
  const fileOf = (name: string, text: string) => {
    const path = join(files, name);
    writeFileSync(path, text);
    return path;
  };

  it('a file that cannot be applied stops the boot: exit 1, one stderr line naming each entry and field, never a value', async () => {
    const file = fileOf(
      'bad.yaml',
      `connections:
  - { configName: good-db, type: POSTGRESQL, host: 127.0.0.1, port: 5432, databaseName: a, userName: b, password: "\${PROC_PG_PASSWORD}" }
  - { configName: bad-port, type: POSTGRESQL, host: 127.0.0.1, port: 70000, databaseName: a, userName: b, password: "\${PROC_PG_PASSWORD}" }
  - { configName: literal-db, type: MYSQL, host: 127.0.0.1, port: 3306, databaseName: a, userName: b, password: ${LITERAL_SECRET} }
  - { configName: unset-db, type: MYSQL, host: db.example.invalid, port: 3306, databaseName: a, userName: b, password: "\${PROC_UNSET_VARIABLE}" }
  - { configName: tunnel-db, type: MYSQL, host: 127.0.0.1, port: 3306, databaseName: a, userName: b, password: "\${PROC_PG_PASSWORD}", sshTunnel: { host: bastion.example.invalid, userName: t, hostKeyFingerprint: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", password: ${LITERAL_SECRET} } }
`,
    );
    const { code, stdout, stderr } = await bootToExit({
      PROVISIONING_FILE: file,
      LOG_LEVEL: 'trace',
      ...SECRETS,
    });
    expect(code).toBe(1);
    expect(stderr.split('\n').filter((line) => line.trim() !== '')).toEqual([
      'Invalid provisioning file (PROVISIONING_FILE): ' +
        [
          'connections[1].port: must not be greater than 65535',
          'connections[2].password: must be a ${ENV_NAME} reference (a secret is read from the environment, never written in the file)',
          'connections[3].password: ${PROC_UNSET_VARIABLE} names an environment variable that is not set',
          'connections[4].sshTunnel.password: must be a ${ENV_NAME} reference (a secret is read from the environment, never written in the file)',
        ].join('; '),
    ]);
    const output = stdout + stderr;
    for (const value of [
      ...Object.values(SECRETS),
      KEY_BODY,
      LITERAL_SECRET,
      '70000',
      'bastion.example.invalid',
    ]) {
      expect(output).not.toContain(value);
    }
    // Nothing was served: the file is applied before the app listens.
    expect(stdout).not.toContain('Connections API on');
  });

  describeWithPostgres(
    'two instances booting with one file at the same moment on one PostgreSQL store',
    () => {
      let store: { url: string; drop(): Promise<void> };
      let a: ServiceProcess;
      let b: ServiceProcess;

      beforeAll(async () => {
        store = await createPostgresDatabase(TEST_DATABASE_URL!);
        const server = new URL(TEST_DATABASE_URL!);
        const file = fileOf(
          'five-engines.yaml',
          `connections:
  - { configName: sales-pg, productName: reports, type: POSTGRESQL, host: 127.0.0.1, port: ${server.port || 5432}, databaseName: postgres, userName: postgres, password: "\${PROC_PG_PASSWORD}" }
  - { configName: orders-mysql, type: MYSQL, host: mysql.example.invalid, port: 3306, databaseName: orders, userName: reporter, password: "\${PROC_MYSQL_PASSWORD}" }
  - { configName: ledger-mssql, type: SQL_SERVER, host: mssql.example.invalid, port: 1433, databaseName: ledger, userName: reporter, password: "\${PROC_MSSQL_PASSWORD}", ssl: { mode: verify-full, key: "\${PROC_TLS_KEY}" } }
  - { configName: hr-oracle, type: ORACLE, host: oracle.example.invalid, port: 1521, databaseName: HRPDB, userName: hr, password: "\${PROC_ORACLE_PASSWORD}" }
  - { organization: acme, configName: events-mongo, type: MONGODB, host: mongo.example.invalid, port: 27017, databaseName: events, userName: reader, password: "\${PROC_MONGO_PASSWORD}" }
`,
        );
        const env = {
          DATABASE_URL: store.url,
          PROVISIONING_FILE: file,
          LOG_LEVEL: 'trace',
          ...SECRETS,
        };
        // Both spawned in the same tick: they reach the empty store, its migrations and the file together.
        [a, b] = await Promise.all([
          startService('instance A', env),
          startService('instance B', env),
        ]);
        await Promise.all([a.ready(), b.ready()]);
        // Each instance dials with the sealed secrets: the passwords reach the drivers, never a log line.
        await request(a.url)
          .post(`${BASE}/${idOf('default', 'sales-pg')}/test`)
          .expect(200);
        await request(b.url)
          .post(`${BASE}/${idOf('default', 'orders-mysql')}/test`)
          .expect(200);
        await request(b.url)
          .get(`${BASE}/${idOf('default', 'sales-pg')}/schema`)
          .expect(200);
      });
      afterAll(async () => {
        await Promise.all([a?.stop(), b?.stop()]);
        await store?.drop();
      });

      it('stores each entry once, under the same ids for both, and neither logs an error line', async () => {
        const client = new Client({ connectionString: store.url });
        await client.connect();
        const { rows } = await client
          .query<{ id: string; organization_id: string; config_name: string }>(
            'SELECT id, organization_id, config_name FROM connections WHERE provisioned ORDER BY config_name',
          )
          .finally(() => client.end());
        expect(rows.map((row) => [row.config_name, row.id])).toEqual([
          ['events-mongo', idOf('acme', 'events-mongo')],
          ['hr-oracle', idOf('default', 'hr-oracle')],
          ['ledger-mssql', idOf('default', 'ledger-mssql')],
          ['orders-mysql', idOf('default', 'orders-mysql')],
          ['sales-pg', idOf('default', 'sales-pg')],
        ]);
        const ids = async (instance: ServiceProcess) =>
          (
            (
              await request(instance.url)
                .get(BASE)
                .query({ sortBy: 'configName', sortOrder: 'asc' })
                .expect(200)
            ).body.items as Array<{ id: string }>
          ).map((item) => item.id);
        expect(await ids(a)).toEqual(await ids(b));
        expect(await ids(a)).toHaveLength(4);
        expect(errorLines(a)).toEqual([]);
        expect(errorLines(b)).toEqual([]);
      });

      it('one instance applied the file, the other found it already applied', () => {
        const summaries = [a, b]
          .map(
            (instance) =>
              instance
                .logs()
                .find((line) => String(line.msg).startsWith('Provisioning file applied'))?.msg,
          )
          .sort();
        expect(summaries).toEqual([
          'Provisioning file applied: 0 provisioned, 0 updated, 0 deleted, 5 unchanged',
          'Provisioning file applied: 5 provisioned, 0 updated, 0 deleted, 0 unchanged',
        ]);
      });

      it('no log line of either, at LOG_LEVEL=trace, holds a secret of the file', () => {
        // Below info: the line of each change is there (debug), with its id and never a value.
        expect(a.output() + b.output()).toContain('"level":20');
        for (const instance of [a, b]) {
          const output = instance.output();
          for (const value of [...Object.values(SECRETS), KEY_BODY])
            expect(output).not.toContain(value);
        }
      });
    },
  );
});

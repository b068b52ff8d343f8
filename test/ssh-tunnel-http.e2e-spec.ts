import { randomBytes } from 'node:crypto';
import { Connection as MysqlConnection, createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { Response } from 'supertest';
import { expectFetError } from './support/fet-expect';
import {
  TEST_DATABASE_URL,
  TEST_MYSQL_URL,
  describeWithMysql,
  describeWithPostgres,
} from './support/real-servers';
import { ServiceProcess, startService } from './support/service-process';
import { eventually, tunnelTo } from './support/ssh-tunnel-fixtures';
import { BASE, connectionBody, describeEachStore } from './support/store-rows';
import { TempSshd, startTempSshd } from './support/temp-sshd';
import { StoreKind, createPostgresDatabase } from './support/test-app';

// A real sshd, the service as a process, real PostgreSQL and MariaDB: Jest 30 does not apply the e2e project's testTimeout.
jest.setTimeout(90_000);

/**
 * The bastion listens on 127.0.0.2, the only loopback address HOST_ALLOW_CIDRS opens under
 * HOST_POLICY=strict: a direct connection to the databases at 127.0.0.1 is refused (FET-0414),
 * so every database answer in this file came through the bastion (its log shows each forward too).
 */
const BASTION = '127.0.0.2';
const POLICY = { HOST_POLICY: 'strict', HOST_ALLOW_CIDRS: `${BASTION}/32` };

const hex = () => randomBytes(5).toString('hex');

interface Report {
  status: 'success' | 'failure';
  message: string;
  serverVersion?: string;
  error?: { reason: string; stage: string };
  checks: { stage: string; status: string; durationMs: number }[];
}
const checksOf = (report: Report) => report.checks.map((check) => `${check.stage}:${check.status}`);
const TUNNELLED_SUCCESS = [
  'tunnel:ok',
  'resolve:skipped',
  'connect:ok',
  'tls:skipped',
  'authenticate:ok',
  'query:ok',
];

let sshd: TempSshd;
beforeAll(async () => {
  sshd = await startTempSshd({ address: BASTION });
});
afterAll(() => sshd?.dispose());

/** The tunnel's secrets: in no response and no log line. */
const tunnelSecrets = (): string[] => [
  sshd.keys.encrypted,
  sshd.keys.encrypted.split('\n')[1],
  sshd.keys.ed25519.split('\n')[1],
  sshd.keys.passphrase,
  sshd.password,
];

/** The sshd log lines of forwards (direct-tcpip channels) to 127.0.0.1:`port` since `mark`. */
const forwardsTo = (port: number, mark: number): number =>
  sshd
    .logSince(mark)
    .split('\n')
    .filter((line) => line.includes('direct-tcpip') || line.includes('server_request_direct_tcpip'))
    .filter((line) => line.includes(`target 127.0.0.1 port ${port}`)).length;

describeEachStore(
  'SSH tunnels through the HTTP API (real sshd, the service as a process)',
  (store: StoreKind) => {
    let service: ServiceProcess;
    let storeDatabase: { url: string; drop(): Promise<void> } | undefined;
    /** Every response body of this suite, checked for the tunnel's secrets at the end. */
    const answers: unknown[] = [];
    const seen = (response: Response): Response => {
      answers.push(response.body, response.headers);
      return response;
    };

    beforeAll(async () => {
      storeDatabase =
        store === 'postgres' ? await createPostgresDatabase(TEST_DATABASE_URL!) : undefined;
      service = await startService(`ssh-tunnel-http-${store}`, {
        DATABASE_URL: storeDatabase?.url ?? '',
        LOG_LEVEL: 'trace',
        ...POLICY,
      });
      await service.ready();
    });
    afterAll(async () => {
      await service?.stop();
      await storeDatabase?.drop();
    });

    const create = async (body: Record<string, unknown>) =>
      seen(await service.http.post(BASE).set('X-Product-Name', 'reports').send(body));
    const createdId = async (body: Record<string, unknown>): Promise<string> => {
      const response = await create(body);
      expect(`${response.status} ${JSON.stringify(response.body)}`).toMatch(/^201 /);
      return (response.body as { id: string }).id;
    };
    const test = async (id: string): Promise<Report> => {
      const response = seen(await service.http.post(`${BASE}/${id}/test`));
      expect(response.status).toBe(200);
      return response.body as Report;
    };
    const testUnsaved = async (body: Record<string, unknown>): Promise<Report> => {
      const response = seen(await service.http.post(`${BASE}/test`).send(body));
      expect(`${response.status} ${JSON.stringify(response.body)}`).toMatch(/^200 /);
      return response.body as Report;
    };
    const schemaOf = async (id: string) =>
      seen(await service.http.get(`${BASE}/${id}/schema`).set('X-Product-Name', 'reports'));

    describeWithPostgres('PostgreSQL behind the bastion', () => {
      let database: { url: string; drop(): Promise<void> };
      const table = `cs_http_tunnelled_${hex()}`;
      const server = () => new URL(TEST_DATABASE_URL!);
      /** A create body for the test PostgreSQL at 127.0.0.1, through the bastion with the encrypted key. */
      const body = (overrides: Record<string, unknown> = {}) =>
        connectionBody({
          host: '127.0.0.1',
          port: Number(server().port || 5432),
          databaseName: new URL(database.url).pathname.slice(1),
          userName: decodeURIComponent(server().username),
          password: decodeURIComponent(server().password) || 'unused-under-trust',
          sshTunnel: tunnelTo(sshd, {
            privateKey: sshd.keys.encrypted,
            passphrase: sshd.keys.passphrase,
          }),
          ...overrides,
        });
      let id: string;
      let configName: string;

      beforeAll(async () => {
        database = await createPostgresDatabase(TEST_DATABASE_URL!);
        const client = new Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text NOT NULL)`);
        } finally {
          await client.end();
        }
      });
      afterAll(() => database?.drop());

      it('the host policy refuses 127.0.0.1 as a direct database host (FET-0414) and allows it behind the bastion (201)', async () => {
        expectFetError(await create(body({ sshTunnel: undefined })), 'FET-0414', ['host']);
        const created = body();
        configName = created.configName as string;
        id = await createdId(created);
        const read = seen(await service.http.get(`${BASE}/${id}`).expect(200));
        expect((read.body as { sshTunnel: unknown }).sshTunnel).toEqual({
          host: BASTION,
          port: sshd.port,
          userName: sshd.userName,
          hostKeyFingerprint: sshd.hostKeyFingerprint,
        });
      });

      it('POST /{id}/test: success, a tunnel check first; the bastion accepted the key and opened the forward', async () => {
        const mark = sshd.logMark();
        const report = await test(id);
        expect(report).toMatchObject({ status: 'success', message: 'Connection successful' });
        expect(report.serverVersion).toMatch(/^PostgreSQL \d+/);
        expect(checksOf(report)).toEqual(TUNNELLED_SUCCESS);
        await eventually(() => {
          expect(sshd.logSince(mark)).toMatch(
            new RegExp(`Accepted publickey for ${sshd.userName}`),
          );
          expect(forwardsTo(Number(server().port || 5432), mark)).toBeGreaterThanOrEqual(1);
        });
      });

      it('POST /validate-schema naming it reads the catalog through the tunnel (nothing cached yet)', async () => {
        const mark = sshd.logMark();
        const validate = (fields: string[]) =>
          service.http
            .post(`${BASE}/validate-schema`)
            .set('X-Product-Name', 'reports')
            .send({ mappedFields: { [configName]: { [table]: fields } } });
        const ok = seen(await validate(['id', 'label']));
        expect(`${ok.status} ${JSON.stringify(ok.body)}`).toMatch(/^200 /);
        expect(ok.body).toMatchObject({ status: 'success' });
        await eventually(() =>
          expect(forwardsTo(Number(server().port || 5432), mark)).toBeGreaterThanOrEqual(1),
        );
        const missing = seen(await validate(['id', 'no_such_column']));
        expect(missing.status).toBe(422);
        expect(JSON.stringify(missing.body)).toContain('no_such_column');
      });

      it('GET /{id}/schema discovers the table through the tunnel (a forward of its own)', async () => {
        const mark = sshd.logMark();
        const response = await schemaOf(id);
        expect(response.status).toBe(200);
        const tables = (
          response.body as { tables: { name: string; columns: { name: string }[] }[] }
        ).tables;
        expect(tables.find((found) => found.name === table)?.columns.map((c) => c.name)).toEqual([
          'id',
          'label',
        ]);
        await eventually(() =>
          expect(forwardsTo(Number(server().port || 5432), mark)).toBeGreaterThanOrEqual(1),
        );
      });

      it('POST /connections/test (before saving) through the tunnel; the same settings without it → 400 FET-0414', async () => {
        const settings = body();
        const tunnelled = await testUnsaved(settings);
        expect(tunnelled.status).toBe('success');
        expect(checksOf(tunnelled)).toEqual(TUNNELLED_SUCCESS);
        const direct = seen(
          await service.http.post(`${BASE}/test`).send({ ...settings, sshTunnel: undefined }),
        );
        expectFetError(direct, 'FET-0414', ['host']);
      });

      it('a wrong hostKeyFingerprint: HOST_KEY_MISMATCH at stage tunnel, GET /schema 502 FET-1040; a PATCH re-pinning it (secrets kept) then tests OK', async () => {
        const pinnedWrong = await createdId(
          body({
            sshTunnel: tunnelTo(sshd, {
              privateKey: sshd.keys.encrypted,
              passphrase: sshd.keys.passphrase,
              hostKeyFingerprint: sshd.otherHostKeyFingerprint,
            }),
          }),
        );
        const mark = sshd.logMark();
        const failed = await test(pinnedWrong);
        expect([failed.status, failed.error?.reason, failed.error?.stage]).toEqual([
          'failure',
          'HOST_KEY_MISMATCH',
          'tunnel',
        ]);
        expect(checksOf(failed)[0]).toBe('tunnel:failed');
        const schema = await schemaOf(pinnedWrong);
        expect(expectFetError(schema, 'FET-1040').reason).toBe('HOST_KEY_MISMATCH');
        // The bastion never saw an authentication attempt from the service.
        expect(sshd.logSince(mark)).not.toMatch(
          /Accepted|Failed (publickey|password)|userauth-request/,
        );

        const patched = seen(
          await service.http.patch(`${BASE}/${pinnedWrong}`).send({
            sshTunnel: {
              host: BASTION,
              port: sshd.port,
              userName: sshd.userName,
              hostKeyFingerprint: sshd.hostKeyFingerprint,
            },
          }),
        );
        expect(`${patched.status} ${JSON.stringify(patched.body)}`).toMatch(/^200 /);
        const repinned = await test(pinnedWrong);
        expect(repinned.status).toBe('success');
        expect(checksOf(repinned)).toEqual(TUNNELLED_SUCCESS);

        const history = seen(
          await service.http.get(`${BASE}/${pinnedWrong}/history`).set('X-Product-Name', 'reports'),
        );
        expect(history.status).toBe(200);
        const events = (
          history.body as {
            items: { action: string; outcome?: unknown; changes?: Record<string, unknown> }[];
          }
        ).items;
        expect(events.map((event) => [event.action, event.outcome])).toEqual([
          ['tested', { status: 'success' }],
          ['updated', undefined],
          ['discovered', { status: 'failure', reason: 'HOST_KEY_MISMATCH' }],
          ['tested', { status: 'failure', reason: 'HOST_KEY_MISMATCH' }],
          ['created', undefined],
        ]);
        expect(events[1].changes).toEqual({
          'sshTunnel.hostKeyFingerprint': {
            from: sshd.otherHostKeyFingerprint,
            to: sshd.hostKeyFingerprint,
          },
        });
      });
    });

    describeWithMysql('MariaDB behind the bastion (password authentication at the bastion)', () => {
      let admin: MysqlConnection;
      const suffix = hex();
      const databaseName = `cs_http_tunnelled_${suffix}`;
      const user = `cs_http_${suffix}`;
      const password = `pw-${hex()}`;
      const server = () => new URL(TEST_MYSQL_URL!);

      beforeAll(async () => {
        admin = await createConnection({ uri: TEST_MYSQL_URL!, multipleStatements: true });
        await admin.query(`
        CREATE DATABASE ${databaseName};
        CREATE TABLE ${databaseName}.payments (id INT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL);
        CREATE USER '${user}'@'%' IDENTIFIED BY '${password}';
        GRANT SELECT ON ${databaseName}.* TO '${user}'@'%';
      `);
      });
      afterAll(async () => {
        await admin?.query(
          `DROP DATABASE IF EXISTS ${databaseName}; DROP USER IF EXISTS '${user}'@'%';`,
        );
        await admin?.end();
      });

      it('is created, tested (the bastion accepted the password) and discovered through the tunnel', async () => {
        const id = await createdId(
          connectionBody({
            type: 'MYSQL',
            host: '127.0.0.1',
            port: Number(server().port || 3306),
            databaseName,
            userName: user,
            password,
            sshTunnel: tunnelTo(sshd, { privateKey: undefined, password: sshd.password }),
          }),
        );
        const mark = sshd.logMark();
        const report = await test(id);
        expect(report.status).toBe('success');
        expect(report.serverVersion).toMatch(/MariaDB|MySQL/);
        expect(checksOf(report)).toEqual(TUNNELLED_SUCCESS);
        await eventually(() => {
          expect(sshd.logSince(mark)).toMatch(new RegExp(`Accepted password for ${sshd.userName}`));
          expect(forwardsTo(Number(server().port || 3306), mark)).toBeGreaterThanOrEqual(1);
        });
        const response = await schemaOf(id);
        expect(response.status).toBe(200);
        const tables = (
          response.body as { tables: { name: string; columns: { name: string }[] }[] }
        ).tables;
        expect(
          tables.find((found) => found.name === 'payments')?.columns.map((c) => c.name),
        ).toEqual(['amount', 'id']);
      });
    });

    it('no response and no log line holds the tunnel key, its passphrase or the bastion password', () => {
      expect(answers.length).toBeGreaterThan(0);
      // (The history names the changed secret fields, `{ changed: true }`: values are what must be absent.)
      const responses = JSON.stringify(answers);
      const output = service.output();
      // LOG_LEVEL=trace: every line the service writes, the request lines of the dials included.
      expect(service.logs().some((line) => JSON.stringify(line).includes('/schema'))).toBe(true);
      for (const text of [responses, output]) {
        for (const secret of tunnelSecrets()) expect(text).not.toContain(secret);
        expect(text).not.toMatch(
          /BEGIN [A-Z ]*PRIVATE KEY|v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/,
        );
      }
    });
  },
);

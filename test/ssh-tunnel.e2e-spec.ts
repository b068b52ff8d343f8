import { randomBytes } from 'node:crypto';
import { Connection as MysqlConnection, createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { ConnectionTestReport } from '../src/connections/testing/connection-test-report';
import { ConnectionCredentials } from '../src/engines/engine';
import { freePort } from './support/ports';
import {
  TEST_DATABASE_URL,
  TEST_MYSQL_URL,
  describeWithMysql,
  describeWithPostgres,
} from './support/real-servers';
import {
  checksOf,
  eventually,
  serviceOf,
  stallingListener,
  tunnelTo,
  withoutLeaks,
} from './support/ssh-tunnel-fixtures';
import { TempPostgres, startTempPostgres } from './support/temp-postgres';
import { TempSshd, startTempSshd } from './support/temp-sshd';
import { TestApp, createPostgresDatabase, createTestApp } from './support/test-app';
import { TlsFixtures, createTlsFixtures } from './support/tls-fixtures';

// A real sshd, throwaway users and clusters: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

/** The deadline of the service's tests here, and of the app whose deadline the timeouts hit. */
const TEST_TIMEOUT_MS = 15_000;
const SHORT_TIMEOUT_MS = 1500;
/** How late after its deadline a failed test may answer (a correctness bound, not a speed goal). */
const MARGIN_MS = 1500;

const hex = () => randomBytes(5).toString('hex');

/** Lines sshd writes when a client asks to authenticate (LogLevel DEBUG1), or succeeds or fails at it. */
const AUTH_SEEN =
  /userauth-request|Accepted (publickey|password)|Failed (publickey|password)|Postponed/;

describe('SSH tunnels through a real OpenSSH server (service level)', () => {
  let sshd: TempSshd;
  let t: TestApp;
  let short: TestApp;
  let service: ReturnType<typeof serviceOf>;
  let shortService: ReturnType<typeof serviceOf>;

  beforeAll(async () => {
    sshd = await startTempSshd();
    t = await createTestApp({ env: { CONNECTION_TEST_TIMEOUT_MS: String(TEST_TIMEOUT_MS) } });
    short = await createTestApp({ env: { CONNECTION_TEST_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) } });
    service = serviceOf(t);
    shortService = serviceOf(short);
  });
  afterAll(async () => {
    await t?.close();
    await short?.close();
    await sshd?.dispose();
  });

  /** A PostgreSQL behind the bastion (its own host name as the bastion sees it). */
  const postgres = (overrides: Partial<ConnectionCredentials> = {}): ConnectionCredentials => ({
    type: 'POSTGRESQL',
    host: '127.0.0.1',
    port: 5432,
    databaseName: 'postgres',
    userName: 'postgres',
    password: 'unused-under-trust',
    schema: null,
    ssl: null,
    metadata: {},
    sshTunnel: tunnelTo(sshd),
    ...overrides,
  });

  const failure = (report: ConnectionTestReport) => [
    report.status,
    report.error?.reason,
    report.error?.stage,
  ];

  describe('the bastion refuses, or cannot be reached: each reason at stage tunnel, nothing left open', () => {
    it('a host key that is not the pinned one → HOST_KEY_MISMATCH; the bastion saw no password and no key signature', async () => {
      for (const secret of [
        { password: sshd.password, privateKey: undefined },
        { privateKey: sshd.keys.ed25519 },
      ]) {
        const mark = sshd.logMark();
        const report = await withoutLeaks(sshd, () =>
          service.test(
            postgres({
              sshTunnel: tunnelTo(sshd, {
                ...secret,
                hostKeyFingerprint: sshd.otherHostKeyFingerprint,
              }),
            }),
          ),
        );
        expect(failure(report)).toEqual(['failure', 'HOST_KEY_MISMATCH', 'tunnel']);
        expect(report.message).toBe(
          "The SSH bastion's host key does not match the pinned fingerprint.",
        );
        expect(checksOf(report)).toEqual([
          'tunnel:failed',
          'resolve:skipped',
          'connect:skipped',
          'tls:skipped',
          'authenticate:skipped',
          'query:skipped',
        ]);
        // The bastion logged the client leaving during the key exchange, and no authentication at all.
        await eventually(() =>
          expect(sshd.logSince(mark)).toMatch(
            /Disconnected from|Connection closed by|Received disconnect/,
          ),
        );
        expect(sshd.logSince(mark)).not.toMatch(AUTH_SEEN);
      }
    });

    it('a user key the bastion does not know → AUTH_FAILED', async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(postgres({ sshTunnel: tunnelTo(sshd, { privateKey: sshd.keys.unknown }) })),
      );
      expect(failure(report)).toEqual(['failure', 'AUTH_FAILED', 'tunnel']);
    });

    it('a wrong password → AUTH_FAILED', async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(
          postgres({
            sshTunnel: tunnelTo(sshd, { privateKey: undefined, password: 'not-the-password' }),
          }),
        ),
      );
      expect(failure(report)).toEqual(['failure', 'AUTH_FAILED', 'tunnel']);
    });

    it('an encrypted key with a wrong passphrase → AUTH_FAILED, before anything is dialled', async () => {
      const mark = sshd.logMark();
      const report = await withoutLeaks(sshd, () =>
        service.test(
          postgres({
            sshTunnel: tunnelTo(sshd, { privateKey: sshd.keys.encrypted, passphrase: 'wrong' }),
          }),
        ),
      );
      expect(failure(report)).toEqual(['failure', 'AUTH_FAILED', 'tunnel']);
      expect(sshd.logSince(mark)).not.toMatch(/Connection from/);
    });

    it('a closed bastion port → CONNECTION_REFUSED', async () => {
      const report = await withoutLeaks(sshd, async () =>
        service.test(postgres({ sshTunnel: tunnelTo(sshd, { port: await freePort() }) })),
      );
      expect(failure(report)).toEqual(['failure', 'CONNECTION_REFUSED', 'tunnel']);
    });

    it('a bastion name that does not resolve → HOST_NOT_FOUND', async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(postgres({ sshTunnel: tunnelTo(sshd, { host: `bastion-${hex()}.invalid` }) })),
      );
      expect(failure(report)).toEqual(['failure', 'HOST_NOT_FOUND', 'tunnel']);
    });

    it('a bastion the host policy forbids → FORBIDDEN_HOST, never dialled', async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(postgres({ sshTunnel: tunnelTo(sshd, { host: '169.254.169.254' }) })),
      );
      expect(failure(report)).toEqual(['failure', 'FORBIDDEN_HOST', 'tunnel']);
    });

    it('a silent bastion → TIMEOUT within the deadline', async () => {
      const silent = await stallingListener();
      try {
        const started = performance.now();
        const report = await withoutLeaks(sshd, () =>
          shortService.test(postgres({ sshTunnel: tunnelTo(sshd, { port: silent.port }) })),
        );
        expect(failure(report)).toEqual(['failure', 'TIMEOUT', 'tunnel']);
        expect(performance.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + MARGIN_MS);
        expect(silent.accepted()).toBe(1);
      } finally {
        await silent.close();
      }
    });

    it('a deadline that expires mid-handshake (the bastion greets, then stalls) → TIMEOUT within the deadline', async () => {
      const stalling = await stallingListener('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
      try {
        const started = performance.now();
        const report = await withoutLeaks(sshd, () =>
          shortService.test(postgres({ sshTunnel: tunnelTo(sshd, { port: stalling.port }) })),
        );
        expect(failure(report)).toEqual(['failure', 'TIMEOUT', 'tunnel']);
        expect(performance.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + MARGIN_MS);
      } finally {
        await stalling.close();
      }
    });
  });

  describe('the forward', () => {
    it('a bastion that accepts but cannot reach the database → CONNECTION_REFUSED at stage connect', async () => {
      const report = await withoutLeaks(sshd, async () =>
        service.test(postgres({ port: await freePort() })),
      );
      expect(failure(report)).toEqual(['failure', 'CONNECTION_REFUSED', 'connect']);
      expect(checksOf(report)).toEqual([
        'tunnel:ok',
        'resolve:skipped',
        'connect:failed',
        'tls:skipped',
        'authenticate:skipped',
        'query:skipped',
      ]);
    });

    it("a forward the bastion's policy refuses (PermitOpen) → PERMISSION_DENIED at stage tunnel", async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(postgres({ host: '10.255.255.1' })),
      );
      expect(failure(report)).toEqual(['failure', 'PERMISSION_DENIED', 'tunnel']);
    });

    it('a forward to 169.254.169.254 or a metadata name is refused before the bastion is even dialled', async () => {
      for (const host of ['169.254.169.254', 'metadata.google.internal', '[fe80::1]']) {
        const mark = sshd.logMark();
        const report = await withoutLeaks(sshd, () => service.test(postgres({ host })));
        expect(failure(report)).toEqual(['failure', 'FORBIDDEN_HOST', 'tunnel']);
        expect(sshd.logSince(mark)).not.toMatch(/Connection from|request to connect/);
      }
    });
  });

  describeWithPostgres('PostgreSQL behind the bastion', () => {
    let database: { url: string; drop(): Promise<void> };
    let databaseName: string;
    const table = `cs_tunnelled_${hex()}`;

    beforeAll(async () => {
      database = await createPostgresDatabase(TEST_DATABASE_URL!);
      databaseName = new URL(database.url).pathname.slice(1);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text NOT NULL)`);
      } finally {
        await client.end();
      }
    });
    afterAll(() => database?.drop());

    const server = () => new URL(TEST_DATABASE_URL!);
    const behind = (overrides: Partial<ConnectionCredentials> = {}) =>
      postgres({
        port: Number(server().port || 5432),
        userName: server().username,
        databaseName,
        ...overrides,
      });

    it('is tested through the tunnel: a tunnel check first, then the database stages', async () => {
      const mark = sshd.logMark();
      const report = await withoutLeaks(sshd, () => service.test(behind()));
      expect(report).toMatchObject({ status: 'success', message: 'Connection successful' });
      expect(report.serverVersion).toMatch(/^PostgreSQL \d+/);
      expect(checksOf(report)).toEqual([
        'tunnel:ok',
        'resolve:skipped',
        'connect:ok',
        'tls:skipped',
        'authenticate:ok',
        'query:ok',
      ]);
      // The positive control of the host key test: this time the bastion did see the key.
      await eventually(() =>
        expect(sshd.logSince(mark)).toMatch(new RegExp(`Accepted publickey for ${sshd.userName}`)),
      );
    });

    it('is discovered through the tunnel, on the same dial path as GET /schema', async () => {
      const tables = await withoutLeaks(sshd, () => service.discover(behind()));
      expect(tables.map((found) => found.name)).toContain(table);
      expect(
        tables.find((found) => found.name === table)?.columns.map((column) => column.name),
      ).toEqual(['id', 'label']);
    });

    it('authenticates with ed25519, ECDSA, RSA (OpenSSH and PEM), an encrypted key with its passphrase, and a password', async () => {
      const ways = {
        ed25519: { privateKey: sshd.keys.ed25519 },
        ecdsa: { privateKey: sshd.keys.ecdsa },
        rsa: { privateKey: sshd.keys.rsa },
        rsaPem: { privateKey: sshd.keys.rsaPem },
        encrypted: { privateKey: sshd.keys.encrypted, passphrase: sshd.keys.passphrase },
        password: { privateKey: undefined, password: sshd.password },
      };
      const outcomes: Record<string, string> = {};
      for (const [way, secrets] of Object.entries(ways)) {
        const report = await withoutLeaks(sshd, () =>
          service.test(behind({ sshTunnel: tunnelTo(sshd, secrets) })),
        );
        outcomes[way] = report.status;
      }
      expect(outcomes).toEqual({
        ed25519: 'success',
        ecdsa: 'success',
        rsa: 'success',
        rsaPem: 'success',
        encrypted: 'success',
        password: 'success',
      });
    });

    it("reaches a database whose name only the bastion resolves ('localhost' is the bastion itself)", async () => {
      const report = await withoutLeaks(sshd, () => service.test(behind({ host: 'localhost' })));
      expect(report.status).toBe('success');
    });

    it("keeps the database's own failures: a wrong database through the tunnel → DATABASE_NOT_FOUND", async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(behind({ databaseName: `missing_${hex()}` })),
      );
      expect(failure(report)).toEqual(['failure', 'DATABASE_NOT_FOUND', 'authenticate']);
    });
  });

  describeWithPostgres('PostgreSQL with TLS behind the bastion', () => {
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

    it("verifies the database's own name (the certificate names only localhost; the dialled address is the forward's 127.0.0.1)", async () => {
      const report = await withoutLeaks(sshd, () =>
        service.test(
          postgres({
            host: 'localhost',
            port: server.port,
            ssl: { mode: 'verify-full', ca: tls.caPem },
          }),
        ),
      );
      expect(report.status).toBe('success');
      expect(checksOf(report)).toEqual([
        'tunnel:ok',
        'resolve:skipped',
        'connect:ok',
        'tls:ok',
        'authenticate:ok',
        'query:ok',
      ]);
    });

    it('refuses a certificate for another name, and one from another CA → TLS_ERROR at stage tls', async () => {
      const otherName = await withoutLeaks(sshd, () =>
        service.test(
          postgres({
            host: '127.0.0.1',
            port: server.port,
            ssl: { mode: 'verify-full', ca: tls.caPem },
          }),
        ),
      );
      expect(failure(otherName)).toEqual(['failure', 'TLS_ERROR', 'tls']);
      const otherCa = await withoutLeaks(sshd, () =>
        service.test(
          postgres({
            host: 'localhost',
            port: server.port,
            ssl: { mode: 'verify-full', ca: tls.wrongCaPem },
          }),
        ),
      );
      expect(failure(otherCa)).toEqual(['failure', 'TLS_ERROR', 'tls']);
    });
  });

  describeWithMysql('MariaDB behind the bastion', () => {
    let admin: MysqlConnection;
    const table = `cs_tunnelled_${hex()}`;
    const server = () => new URL(TEST_MYSQL_URL!);
    const mariadb = (): ConnectionCredentials => ({
      type: 'MYSQL',
      host: '127.0.0.1',
      port: Number(server().port || 3306),
      databaseName: server().pathname.slice(1),
      userName: decodeURIComponent(server().username),
      password: decodeURIComponent(server().password),
      schema: null,
      ssl: null,
      metadata: {},
      sshTunnel: tunnelTo(sshd),
    });

    beforeAll(async () => {
      admin = await createConnection(TEST_MYSQL_URL!);
      await admin.query(
        `CREATE TABLE ${table} (id INT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL)`,
      );
    });
    afterAll(async () => {
      await admin?.query(`DROP TABLE IF EXISTS ${table}`);
      await admin?.end();
    });

    it('is tested through the tunnel', async () => {
      const report = await withoutLeaks(sshd, () => service.test(mariadb()));
      expect(report.status).toBe('success');
      expect(report.serverVersion).toMatch(/MariaDB|MySQL/);
      expect(checksOf(report)[0]).toBe('tunnel:ok');
    });

    it('is discovered through the tunnel', async () => {
      const tables = await withoutLeaks(sshd, () => service.discover(mariadb()));
      expect(
        tables.find((found) => found.name === table)?.columns.map((column) => column.name),
      ).toEqual(['amount', 'id']);
    });
  });
});

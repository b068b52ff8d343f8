import { readFileSync } from 'node:fs';
import { Double } from 'mongodb';
import { ConnectionTestReport } from '../src/connections/testing/connection-test-report';
import { ConnectionCredentials, EngineType } from '../src/engines/engine';
import { MongoWireFake, startMongoWireFake } from './fakes/mongo-wire-fake';
import { TdsFake, startTdsFake } from './fakes/tds-fake';
import { TnsRefuser, startTnsRefuser } from './fakes/tns-refuser';
import { checksOf, serviceOf, tunnelTo, withoutLeaks } from './support/ssh-tunnel-fixtures';
import { TempSshd, startTempSshd } from './support/temp-sshd';
import { TestApp, createTestApp } from './support/test-app';
import { TlsFixtures, createTlsFixtures } from './support/tls-fixtures';

// A real sshd in front of the wire-protocol fakes (no MongoDB, SQL Server or Oracle can run here).
jest.setTimeout(60_000);

// schema, table, type, column, type name, max_length, precision, scale, nullable, pk
const TDS_CATALOG = [
  ['dbo', 'orders', 'U ', 'id', 'int', 4, 10, 0, 0, 1],
  ['dbo', 'orders', 'U ', 'amount', 'decimal', 9, 12, 2, 0, 0],
];

describe('SSH tunnels to the MongoDB, SQL Server and Oracle wire fakes (real sshd, npm drivers against fakes)', () => {
  let sshd: TempSshd;
  let t: TestApp;
  let service: ReturnType<typeof serviceOf>;
  let mongo: MongoWireFake;
  let tds: TdsFake;
  let tns: TnsRefuser;
  /** The same refuser over TCPS, its certificate naming localhost only. */
  let tcps: TnsRefuser;
  /** A listener that redirects to `tns` directly, which the service could reach around the tunnel. */
  let redirector: TnsRefuser;
  let tlsFixtures: TlsFixtures;

  beforeAll(async () => {
    sshd = await startTempSshd();
    t = await createTestApp({ env: { CONNECTION_TEST_TIMEOUT_MS: '20000' } });
    service = serviceOf(t);
    mongo = await startMongoWireFake({
      users: { reporter: 'mongo-pw' },
      databases: {
        shop: { orders: [{ _id: 1, total: new Double(12.5), address: { city: 'Oslo' } }] },
      },
    });
    tds = await startTdsFake({
      users: { reporter: 'Str0ng!pw' },
      databases: ['sales'],
      catalogRows: TDS_CATALOG,
      catalogTypes: ['s', 's', 's', 's', 's', 'i', 'i', 'i', 'i', 'i'],
    });
    tns = await startTnsRefuser({ refuse: 12514 });
    redirector = await startTnsRefuser({
      redirect: `(ADDRESS=(PROTOCOL=TCP)(HOST=127.0.0.1)(PORT=${tns.port}))`,
    });
    tlsFixtures = createTlsFixtures();
    tcps = await startTnsRefuser(
      { refuse: 12514 },
      {
        cert: readFileSync(tlsFixtures.certFile, 'utf8'),
        key: readFileSync(tlsFixtures.keyFile, 'utf8'),
      },
    );
  });
  afterAll(async () => {
    await mongo?.close();
    await tds?.close();
    await tns?.close();
    await redirector?.close();
    await tcps?.close();
    tlsFixtures?.dispose();
    await t?.close();
    await sshd?.dispose();
  });

  const behind = (
    type: EngineType,
    port: number,
    overrides: Partial<ConnectionCredentials> = {},
  ): ConnectionCredentials => ({
    type,
    host: '127.0.0.1',
    port,
    databaseName: 'x',
    userName: 'reporter',
    password: 'x',
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

  describe('MongoDB', () => {
    const shop = () =>
      behind('MONGODB', mongo.port, { databaseName: 'shop', password: 'mongo-pw' });

    it('is tested through the tunnel as a direct connection to the forward (pre-flight included)', async () => {
      const report = await withoutLeaks(sshd, () => service.test(shop()));
      expect(report).toMatchObject({
        status: 'success',
        serverVersion: expect.stringMatching(/^MongoDB /),
      });
      expect(checksOf(report)).toEqual([
        'tunnel:ok',
        'resolve:skipped',
        'connect:ok',
        'tls:skipped',
        'authenticate:ok',
        'query:ok',
      ]);
    });

    it('is discovered through the tunnel', async () => {
      const tables = await withoutLeaks(sshd, () => service.discover(shop()));
      expect(
        tables.map((table) => [table.name, table.columns.map((column) => column.name)]),
      ).toEqual([['orders', ['_id', 'address', 'address.city', 'total']]]);
    });

    it('refuses a topology that needs the other members (replicaSet, directConnection=false): nothing reaches the server', async () => {
      for (const metadata of [{ replicaSet: 'rs0' }, { directConnection: 'false' }] as Record<
        string,
        string
      >[]) {
        const commands = mongo.commands.length;
        const report = await withoutLeaks(sshd, () => service.test({ ...shop(), metadata }));
        expect(failure(report)).toEqual(['failure', 'UNKNOWN', 'connect']);
        expect(mongo.commands.length).toBe(commands);
      }
    });
  });

  describe('SQL Server', () => {
    const sales = () =>
      behind('SQL_SERVER', tds.port, { databaseName: 'sales', password: 'Str0ng!pw' });

    it('is tested through the tunnel', async () => {
      const report = await withoutLeaks(sshd, () => service.test(sales()));
      expect(report).toMatchObject({
        status: 'success',
        serverVersion: expect.stringMatching(/SQL Server/),
      });
      expect(checksOf(report)[0]).toBe('tunnel:ok');
      // tedious presented the database's own name, not the forward's address.
      expect(tds.logins.at(-1)).toMatchObject({
        userName: 'reporter',
        database: 'sales',
        readOnlyIntent: true,
      });
    });

    it('is discovered through the tunnel', async () => {
      const tables = await withoutLeaks(sshd, () => service.discover(sales()));
      expect(tables.map((table) => table.name)).toEqual(['orders']);
    });
  });

  describe('Oracle', () => {
    it("dials the forward from its worker thread: the fake listener's refusal comes back through the tunnel", async () => {
      const connects = tns.connects;
      const report = await withoutLeaks(sshd, () =>
        service.test(behind('ORACLE', tns.port, { databaseName: 'ORCLPDB1' })),
      );
      expect(failure(report)).toEqual(['failure', 'DATABASE_NOT_FOUND', 'connect']);
      expect(checksOf(report)[0]).toBe('tunnel:ok');
      expect(tns.connects).toBe(connects + 1);
    });

    it("a listener's REDIRECT around the tunnel is FORBIDDEN_HOST, and nothing is dialled there", async () => {
      const accepts = tns.accepts;
      const report = await withoutLeaks(sshd, () =>
        service.test(behind('ORACLE', redirector.port, { databaseName: 'ORCLPDB1' })),
      );
      expect(failure(report)).toEqual(['failure', 'FORBIDDEN_HOST', 'connect']);
      expect(checksOf(report)[0]).toBe('tunnel:ok');
      expect(redirector.connects).toBe(1);
      expect(tns.accepts).toBe(accepts);
    });

    it("verify-full through the tunnel checks the database's own name, not the forward's 127.0.0.1", async () => {
      // The certificate names localhost only (no IP address): the handshake passes only when the
      // dialled 127.0.0.1 is checked as the stored host name; the refusal after it proves it did.
      const tls = { mode: 'verify-full' as const, ca: tlsFixtures.caPem };
      const connects = tcps.connects;
      const named = await withoutLeaks(sshd, () =>
        service.test(
          behind('ORACLE', tcps.port, { host: 'localhost', databaseName: 'ORCLPDB1', ssl: tls }),
        ),
      );
      expect(failure(named)).toEqual(['failure', 'DATABASE_NOT_FOUND', 'connect']);
      expect(tcps.connects).toBe(connects + 1);
      const byAddress = await withoutLeaks(sshd, () =>
        service.test(
          behind('ORACLE', tcps.port, { host: '127.0.0.1', databaseName: 'ORCLPDB1', ssl: tls }),
        ),
      );
      expect(failure(byAddress)).toEqual(['failure', 'TLS_ERROR', 'tls']);
      expect(tcps.connects).toBe(connects + 1);
    });
  });
});

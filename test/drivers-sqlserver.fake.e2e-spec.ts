/**
 * SQL Server cases that do not fit the conformance table (test/conformance/): the read-only-intent
 * login, no LOGIN7 after a refused TLS downgrade, the catalog in one query with its type labels,
 * and another default schema. The generic cases run in test/conformance/sqlserver.fake.e2e-spec.ts.
 */
import { callContext } from '../src/drivers/call-context';
import { driverFailure, loopbackTarget } from './support/driver-target';
import { DriverTarget } from '../src/drivers/database-driver';
import { SqlServerDriver } from '../src/drivers/sqlserver/sqlserver.driver';
import { TdsFake, startTdsFake } from './fakes/tds-fake';

function target(port: number, overrides: Partial<DriverTarget> = {}): DriverTarget {
  return loopbackTarget(
    'SQL_SERVER',
    port,
    {
      databaseName: 'sales',
      userName: 'reporter',
      password: 'Str0ng!pw',
    },
    overrides,
  );
}

const failure = driverFailure;

// schema, table, type, column, type name, max_length, precision, scale, nullable, pk
const CATALOG = [
  ['dbo', 'orders', 'U ', 'id', 'int', 4, 10, 0, 0, 1],
  ['dbo', 'orders', 'U ', 'customer', 'nvarchar', 200, 0, 0, 1, 0],
  ['dbo', 'orders', 'U ', 'amount', 'decimal', 9, 12, 2, 0, 0],
  ['dbo', 'order_totals', 'V ', 'total', 'money', 8, 19, 4, 1, 0],
  ['audit', 'events', 'U ', 'payload', 'varchar', -1, 0, 0, 1, 0],
  ['audit', 'empty_table', 'U ', null, null, null, null, null, null, null],
];

describe('SqlServerDriver against the tedious npm driver (wire-protocol fake, not a real server)', () => {
  const driver = new SqlServerDriver();
  let fake: TdsFake;

  beforeAll(async () => {
    fake = await startTdsFake({
      users: { reporter: 'Str0ng!pw' },
      databases: ['sales'],
      catalogRows: CATALOG,
      catalogTypes: ['s', 's', 's', 's', 's', 'i', 'i', 'i', 'i', 'i'],
    });
  });
  afterAll(async () => fake.close());

  it('logs in with read-only intent', async () => {
    await driver.probe(target(fake.port), callContext(5000));
    expect(fake.logins.at(-1)).toEqual({
      userName: 'reporter',
      database: 'sales',
      readOnlyIntent: true,
    });
  });

  it('refuses to log in when TLS was asked and the server will not encrypt (no plain-text password)', async () => {
    const before = fake.logins.length;
    const error = await failure(
      driver.probe(target(fake.port, { ssl: { mode: 'require' } }), callContext(5000)),
    );
    expect([error.reason, error.stage]).toEqual(['TLS_ERROR', 'tls']);
    expect(fake.logins.length).toBe(before);
  });

  it('discovers tables, views, columns and primary keys in one catalog query', async () => {
    const batchesBefore = fake.batches.length;
    const tables = await driver.discover(target(fake.port), {}, callContext(5000));
    expect(tables).toEqual([
      { name: 'audit.empty_table', kind: 'table', columns: [] },
      {
        name: 'audit.events',
        kind: 'table',
        columns: [{ name: 'payload', type: 'varchar(max)', nullable: true, primaryKey: false }],
      },
      {
        name: 'order_totals',
        kind: 'view',
        columns: [{ name: 'total', type: 'money', nullable: true, primaryKey: false }],
      },
      {
        name: 'orders',
        kind: 'table',
        columns: [
          { name: 'amount', type: 'decimal(12,2)', nullable: false, primaryKey: false },
          { name: 'customer', type: 'nvarchar(100)', nullable: true, primaryKey: false },
          { name: 'id', type: 'int', nullable: false, primaryKey: true },
        ],
      },
    ]);
    expect(
      fake.batches.slice(batchesBefore).filter((sql) => /sys\.objects/.test(sql)),
    ).toHaveLength(1);
  });

  it('honours the schemas filter and the connection default schema', async () => {
    const tables = await driver.discover(
      target(fake.port, { schema: 'audit' }),
      { schemas: ['audit'] },
      callContext(5000),
    );
    expect(tables.map((table) => table.name)).toEqual(['empty_table', 'events']);
  });

  it('tables= globs go into the catalog query as bound values: the fake answers only the matching rows', async () => {
    const rpcsBefore = fake.rpcs.length;
    const tables = await driver.discover(
      target(fake.port),
      { tables: ['ORDER*', 'audit.e%ents', 'audit.empty_*'] },
      callContext(5000),
    );
    expect(tables.map((table) => table.name)).toEqual([
      'audit.empty_table',
      'order_totals',
      'orders',
    ]);
    expect(tables.find((table) => table.name === 'orders')?.columns).toHaveLength(3);
    const [rpc] = fake.rpcs.slice(rpcsBefore);
    expect(rpc.values).toEqual({
      d: 'dbo',
      t0: 'ORDER%',
      t1: 'audit.e!%ents',
      t2: 'audit.empty!_%',
    });
    expect(rpc.statement).toMatch(/sys\.objects/);
    expect(rpc.statement).not.toMatch(/ORDER|audit/);
  });

  it('tables= globs are matched against the name as shown under another default schema', async () => {
    const tables = await driver.discover(
      target(fake.port, { schema: 'audit' }),
      { tables: ['e*', 'dbo.orders', 'audit.events'] },
      callContext(5000),
    );
    expect(tables.map((table) => table.name)).toEqual(['dbo.orders', 'empty_table', 'events']);
  });
});

/**
 * MongoDB cases that do not fit the conformance table (test/conformance/): SCRAM on the wire, a
 * user name full of URL syntax, dotted fields and BSON types, the sample size, the admin database.
 * The generic cases run in test/conformance/mongodb.fake.e2e-spec.ts.
 */
import { Double, Int32, Long } from 'mongodb';
import { callContext } from '../src/drivers/call-context';
import { loopbackTarget } from './support/driver-target';
import { DriverTarget } from '../src/drivers/database-driver';
import { MongoDbDriver } from '../src/drivers/mongodb/mongodb.driver';
import { MongoWireFake, startMongoWireFake } from './fakes/mongo-wire-fake';

function target(port: number, overrides: Partial<DriverTarget> = {}): DriverTarget {
  return loopbackTarget(
    'MONGODB',
    port,
    {
      databaseName: 'shop',
      userName: 'reporter',
      password: 's3cret-pw',
    },
    overrides,
  );
}

describe('MongoDbDriver against the mongodb npm driver (wire-protocol fake, not a real server)', () => {
  const driver = new MongoDbDriver();
  let fake: MongoWireFake;

  beforeAll(async () => {
    fake = await startMongoWireFake({
      users: { reporter: 's3cret-pw', 'a@evil:1/x': 'pw' },
      databases: {
        shop: {
          orders: [
            {
              _id: 1,
              total: new Double(12.5),
              address: { city: 'Oslo', zip: '0150' },
              items: [{ sku: 'A', qty: 1 }],
            },
            { _id: 2, total: new Double(3), address: { city: 'Bergen' }, items: [] },
            { _id: 3, total: null, note: 'gift', count: Long.fromNumber(7) },
            { _id: 4, total: new Int32(9), address: { city: null } },
          ],
          'system.views': [{ _id: 'shop.big_orders' }],
          big_orders: [{ _id: 1, total: new Double(12.5) }],
          empty: [],
        },
      },
      views: { shop: ['big_orders'] },
    });
  });
  afterAll(async () => fake.close());

  it('probes over SCRAM-SHA-256 and reads the version with buildInfo', async () => {
    const result = await driver.probe(target(fake.port), callContext(15_000));
    expect(result.serverVersion).toBe('MongoDB 7.0.0');
    expect(fake.commands).toEqual(
      expect.arrayContaining(['saslStart', 'saslContinue', 'ping', 'buildInfo']),
    );
  });

  it('a user name full of URL syntax authenticates as that user and still dials the approved port', async () => {
    const result = await driver.probe(
      target(fake.port, { userName: 'a@evil:1/x', password: 'pw' }),
      callContext(5000),
    );
    expect(result.serverVersion).toBe('MongoDB 7.0.0');
  });

  it('discovers collections and views: dotted fields, BSON types, presence, _id as primary key', async () => {
    const tables = await driver.discover(target(fake.port), { sampleSize: 100 }, callContext(5000));
    expect(tables.map((table) => [table.name, table.kind])).toEqual([
      ['big_orders', 'view'],
      ['empty', 'collection'],
      ['orders', 'collection'],
    ]);
    const orders = tables.find((table) => table.name === 'orders');
    expect(orders?.columns).toEqual([
      { name: '_id', type: 'int', nullable: false, primaryKey: true, presence: 1 },
      { name: 'address', type: 'object', nullable: true, primaryKey: false, presence: 0.75 },
      {
        name: 'address.city',
        type: 'string|null',
        nullable: true,
        primaryKey: false,
        presence: 0.75,
      },
      { name: 'address.zip', type: 'string', nullable: true, primaryKey: false, presence: 0.25 },
      { name: 'count', type: 'long', nullable: true, primaryKey: false, presence: 0.25 },
      { name: 'items', type: 'array', nullable: true, primaryKey: false, presence: 0.5 },
      { name: 'items.qty', type: 'int', nullable: true, primaryKey: false, presence: 0.25 },
      { name: 'items.sku', type: 'string', nullable: true, primaryKey: false, presence: 0.25 },
      { name: 'note', type: 'string', nullable: true, primaryKey: false, presence: 0.25 },
      { name: 'total', type: 'double|int|null', nullable: true, primaryKey: false, presence: 1 },
    ]);
  });

  it('samples no more documents than asked', async () => {
    const [, , orders] = await driver.discover(
      target(fake.port),
      { sampleSize: 1 },
      callContext(5000),
    );
    expect(orders.columns.find((column) => column.name === '_id')?.presence).toBe(1);
    expect(orders.columns.map((column) => column.name)).not.toContain('note');
  });

  it('tables= globs: listCollections is filtered by the server, only the matching collections are sampled', async () => {
    const before = fake.commands.length;
    const tables = await driver.discover(
      target(fake.port),
      { sampleSize: 100, tables: ['*orders', 'emp.y'] },
      callContext(5000),
    );
    expect(tables.map((table) => table.name)).toEqual(['big_orders', 'orders']);
    expect(fake.commands.slice(before).filter((name) => name === 'aggregate')).toHaveLength(2);
    expect(
      await driver.discover(
        target(fake.port),
        { tables: ['Orders', 'empty*x'] },
        callContext(5000),
      ),
    ).toEqual([]);
  });

  it('never discovers the admin database', async () => {
    const tables = await driver.discover(
      target(fake.port, { databaseName: 'admin' }),
      {},
      callContext(5000),
    );
    expect(tables).toEqual([]);
  });
});

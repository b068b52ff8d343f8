import { Decimal128, Int32 } from 'mongodb';
import { DriverTarget } from '../../src/drivers/database-driver';
import { MongoDbDriver } from '../../src/drivers/mongodb/mongodb.driver';
import { startMongoWireFake } from '../fakes/mongo-wire-fake';
import { loopbackTarget } from '../support/driver-target';
import { runConformanceSuite } from './conformance-suite';
import { FIXTURE_READER } from './fixture-files';

const placedAt = new Date('2024-01-02T03:04:05Z');

/** The documents of docker/fixtures/mongodb.js (order_totals: what its view pipeline yields). */
const FIXTURE_DATABASE = {
  orders: [
    {
      _id: new Int32(1),
      amount: Decimal128.fromString('12.50'),
      note: 'first',
      placed_at: placedAt,
    },
    { _id: new Int32(2), amount: Decimal128.fromString('3.00'), note: null, placed_at: placedAt },
  ],
  order_lines: [
    { _id: { order_id: new Int32(1), line_no: new Int32(1) }, sku: 'A-1' },
    { _id: { order_id: new Int32(1), line_no: new Int32(2) }, sku: 'B-2' },
    { _id: { order_id: new Int32(2), line_no: new Int32(1) }, sku: 'A-1' },
  ],
  order_totals: [
    { _id: new Int32(1), line_count: new Int32(2) },
    { _id: new Int32(2), line_count: new Int32(1) },
  ],
  MixedCase: [{ _id: new Int32(1), CamelColumn: new Int32(7), 'with space': 'x' }],
  secret_stuff: [{ _id: new Int32(1), payload: 'hidden' }],
};

/** The MongoDB wire fake (test/fakes/mongo-wire-fake.ts) speaking to the real `mongodb` driver; not a MongoDB. */
runConformanceSuite({
  engine: 'MONGODB',
  driver: new MongoDbDriver(),
  server: 'the MongoDB wire fake (not a MongoDB server)',
  fake: true,
  // The first probe starts a cold driver and hashes SCRAM keys: generous on a loaded machine.
  deadlineMs: 15_000,
  start: async () => {
    const fake = await startMongoWireFake({
      users: { [FIXTURE_READER.userName]: FIXTURE_READER.password, cs_viewer: 'Viewer-pw-1' },
      databases: { conformance: FIXTURE_DATABASE },
      views: { conformance: ['order_totals'] },
      readable: {
        [FIXTURE_READER.userName]: ['orders', 'order_lines', 'order_totals', 'MixedCase'],
      },
      unprivilegedUsers: ['cs_viewer'],
    });
    const reader = (overrides: Partial<DriverTarget> = {}) =>
      loopbackTarget(
        'MONGODB',
        fake.port,
        { databaseName: 'conformance', ...FIXTURE_READER },
        overrides,
      );
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'conformance_missing' }),
      permissionDenied: () => ({
        call: 'discover',
        target: reader({ userName: 'cs_viewer', password: 'Viewer-pw-1' }),
      }),
      probeStatementBytes: Buffer.from('buildInfo'),
      secondSchema: '',
      dispose: () => fake.close(),
    };
  },
});

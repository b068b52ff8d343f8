import { DriverTarget } from '../../src/drivers/database-driver';
import { SqlServerDriver } from '../../src/drivers/sqlserver/sqlserver.driver';
import { TdsCell, startTdsFake } from '../fakes/tds-fake';
import { loopbackTarget } from '../support/driver-target';
import { runConformanceSuite } from './conformance-suite';
import { FIXTURE_READER } from './fixture-files';

/**
 * docker/fixtures/sqlserver.sql as SQL Server's catalog query (sqlserver-catalog.ts) answers it
 * to the fixture account: schema, object, type, column, type name, max_length (bytes), precision,
 * scale, is_nullable, primary key. `secret_stuff` is hidden by metadata visibility.
 */
const FIXTURE_CATALOG_ROWS: TdsCell[][] = [
  ['dbo', 'orders', 'U ', 'id', 'bigint', 8, 19, 0, 0, 1],
  ['dbo', 'orders', 'U ', 'amount', 'decimal', 9, 12, 2, 0, 0],
  ['dbo', 'orders', 'U ', 'note', 'nvarchar', -1, 0, 0, 1, 0],
  ['dbo', 'order_lines', 'U ', 'order_id', 'bigint', 8, 19, 0, 0, 1],
  ['dbo', 'order_lines', 'U ', 'line_no', 'int', 4, 10, 0, 0, 1],
  ['dbo', 'order_lines', 'U ', 'sku', 'varchar', 40, 0, 0, 0, 0],
  ['dbo', 'order_totals', 'V ', 'order_id', 'bigint', 8, 19, 0, 0, 0],
  ['dbo', 'order_totals', 'V ', 'line_count', 'int', 4, 10, 0, 1, 0],
  ['dbo', 'MixedCase', 'U ', 'CamelColumn', 'int', 4, 10, 0, 0, 1],
  ['dbo', 'MixedCase', 'U ', 'with space', 'nvarchar', -1, 0, 0, 1, 0],
  ['sales', 'regions', 'U ', 'id', 'int', 4, 10, 0, 0, 1],
  ['sales', 'regions', 'U ', 'name', 'nvarchar', 200, 0, 0, 0, 0],
];

/** The TDS wire fake (test/fakes/tds-fake.ts) speaking to the real tedious driver; not a SQL Server. */
runConformanceSuite({
  engine: 'SQL_SERVER',
  driver: new SqlServerDriver(),
  server: 'the TDS wire fake (not a SQL Server)',
  fake: true,
  deadlineMs: 10_000,
  start: async () => {
    const fake = await startTdsFake({
      users: { [FIXTURE_READER.userName]: FIXTURE_READER.password, cs_no_catalog: 'No-catalog-1' },
      databases: ['conformance'],
      catalogRows: FIXTURE_CATALOG_ROWS,
      catalogTypes: ['s', 's', 's', 's', 's', 'i', 'i', 'i', 'i', 'i'],
      catalogDenied: ['cs_no_catalog'],
    });
    const reader = (overrides: Partial<DriverTarget> = {}) =>
      loopbackTarget(
        'SQL_SERVER',
        fake.port,
        { databaseName: 'conformance', ...FIXTURE_READER },
        overrides,
      );
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'conformance_missing' }),
      permissionDenied: () => ({
        call: 'discover',
        target: reader({ userName: 'cs_no_catalog', password: 'No-catalog-1' }),
      }),
      probeStatementBytes: Buffer.from('@@VERSION', 'utf16le'),
      secondSchema: 'sales',
      dispose: () => fake.close(),
    };
  },
});

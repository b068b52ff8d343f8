import { SqlServerDriver } from '../../src/drivers/sqlserver/sqlserver.driver';
import { composeServer, composeTlsMaterial, mustAnswer } from './compose-servers';
import { runConformanceSuite } from './conformance-suite';

const driver = new SqlServerDriver();

const NOT_RESTARTED = 'the suite does not stop and start the servers it is pointed at';

/** `npm run test:engines`: a real SQL Server (TEST_MSSQL_URL, default the compose service `mssql`). */
runConformanceSuite({
  engine: 'SQL_SERVER',
  driver,
  server: 'a real SQL Server (TEST_MSSQL_URL)',
  fake: false,
  deadlineMs: 20_000,
  notOffered: {
    'server-restart': NOT_RESTARTED,
    'tls-require-on-plain-server':
      'every SQL Server offers TLS (a self-signed certificate at least); the TDS fake proves the refusal',
  },
  start: async () => {
    const server = await composeServer(
      'SQL_SERVER',
      'TEST_MSSQL_URL',
      'mssql://cs_reader:Reader-pw-1@127.0.0.1:1433/conformance',
    );
    await mustAnswer(driver, server, 20_000);
    const tls = composeTlsMaterial();
    const { reader } = server;
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'conformance_missing' }),
      permissionDenied: () => ({
        call: 'discover',
        target: reader({ userName: 'cs_no_catalog', password: 'No-catalog-1' }),
      }),
      probeStatementBytes: Buffer.from('@@VERSION', 'utf16le'),
      secondSchema: 'sales',
      tls: {
        ...tls,
        certificateHost: 'localhost',
        target: (overrides = {}) => reader({ host: 'localhost', ...overrides }),
        plainServer: () => {
          throw new Error('not offered');
        },
      },
      dispose: () => Promise.resolve(),
    };
  },
});

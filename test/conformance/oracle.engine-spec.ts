import { OracleDriver } from '../../src/drivers/oracle/oracle.driver';
import { CaseId } from './conformance-cases';
import { composeServer, mustAnswer } from './compose-servers';
import { runConformanceSuite } from './conformance-suite';

const driver = new OracleDriver();

const NO_TCPS = 'the compose Oracle Free service has no TCPS listener';
const TLS_CASES: CaseId[] = [
  'tls-require',
  'tls-verify-ca',
  'tls-verify-ca-other-name',
  'tls-verify-ca-wrong-ca',
  'tls-verify-ca-no-ca',
  'tls-verify-full',
  'tls-verify-full-wrong-name',
];

/** `npm run test:engines`: a real Oracle Database (TEST_ORACLE_URL, default the compose service `oracle`). */
runConformanceSuite({
  engine: 'ORACLE',
  driver,
  server: 'a real Oracle Database (TEST_ORACLE_URL)',
  fake: false,
  deadlineMs: 20_000,
  notOffered: {
    ...Object.fromEntries(TLS_CASES.map((id) => [id, NO_TCPS])),
    'server-restart': 'the suite does not stop and start the servers it is pointed at',
  },
  start: async () => {
    // The fixture's tables belong to CS_APP: that is the connection's default schema.
    const server = await composeServer(
      'ORACLE',
      'TEST_ORACLE_URL',
      'oracle://cs_reader:Reader-pw-1@127.0.0.1:1521/FREEPDB1',
      { schema: 'CS_APP' },
    );
    await mustAnswer(driver, server, 20_000);
    const { reader } = server;
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'CONFORMANCE_MISSING' }),
      permissionDenied: () => ({
        call: 'probe',
        target: reader({ userName: 'cs_nosession', password: 'No-session-1' }),
      }),
      probeStatementBytes: Buffer.from('SELECT 1 FROM DUAL'),
      secondSchema: 'SALES',
      dispose: () => Promise.resolve(),
    };
  },
});

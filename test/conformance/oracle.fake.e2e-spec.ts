import { DriverTarget } from '../../src/drivers/database-driver';
import { OracleDriver } from '../../src/drivers/oracle/oracle.driver';
import { startTnsRefuser } from '../fakes/tns-refuser';
import { loopbackTarget } from '../support/driver-target';
import { runConformanceSuite } from './conformance-suite';
import { FIXTURE_READER } from './fixture-files';

/**
 * The TNS listener fake (test/fakes/tns-refuser.ts) in front of the real oracledb thin driver; not
 * an Oracle listener: it refuses every CONNECT with ORA-12514 (service unknown), so only the cases
 * that end before a login can be answered here (the table declares the rest).
 */
runConformanceSuite({
  engine: 'ORACLE',
  driver: new OracleDriver(),
  server: 'the TNS listener fake (not an Oracle listener)',
  fake: true,
  // Every Oracle call starts a worker thread that loads oracledb.
  deadlineMs: 10_000,
  start: async () => {
    const refuser = await startTnsRefuser({ refuse: 12514 });
    const reader = (overrides: Partial<DriverTarget> = {}) =>
      loopbackTarget(
        'ORACLE',
        refuser.port,
        { databaseName: 'FREEPDB1', schema: 'CS_APP', ...FIXTURE_READER },
        overrides,
      );
    return {
      reader,
      unknownDatabase: () => reader({ databaseName: 'CONFORMANCE_MISSING' }),
      permissionDenied: () => {
        throw new Error('the TNS fake cannot answer a login');
      },
      probeStatementBytes: Buffer.from('DUAL'),
      secondSchema: 'SALES',
      dispose: () => refuser.close(),
    };
  },
});

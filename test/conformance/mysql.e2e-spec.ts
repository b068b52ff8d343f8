import { createConnection } from 'mysql2/promise';
import { DriverTarget } from '../../src/drivers/database-driver';
import { MYSQL_PROBE_SQL, MysqlDriver } from '../../src/drivers/mysql/mysql.driver';
import { loopbackTarget } from '../support/driver-target';
import { TEST_MYSQL_URL, describeWithMysql } from '../support/real-servers';
import { startTempMariadb } from '../support/temp-mariadb';
import { createTlsFixtures } from '../support/tls-fixtures';
import { runConformanceSuite } from './conformance-suite';
import { FIXTURE_READER, fixtureScript } from './fixture-files';

/**
 * A throwaway MariaDB started with `--ssl-cert/--ssl-key/--ssl-ca` (TLS offered, plain allowed
 * except for a REQUIRE SSL account), so verify-ca and verify-full meet a real server; the
 * machine's own server (TEST_MYSQL_URL, TLS disabled) answers `require` with no TLS.
 */
runConformanceSuite(
  {
    engine: 'MYSQL',
    driver: new MysqlDriver(),
    server: 'a throwaway MariaDB (TLS offered)',
    fake: false,
    deadlineMs: 10_000,
    start: async () => {
      const tls = createTlsFixtures();
      const server = await startTempMariadb({
        tls: { certFile: tls.certFile, keyFile: tls.keyFile, caFile: tls.caFile },
      }).catch((error: unknown) => {
        tls.dispose();
        throw error;
      });
      try {
        const admin = await createConnection({
          socketPath: server.socketPath,
          user: 'root',
          multipleStatements: true,
        });
        await admin.query(fixtureScript('mysql.sql')).finally(() => admin.end());
      } catch (error) {
        await server.dispose();
        tls.dispose();
        throw error;
      }
      const reader = (overrides: Partial<DriverTarget> = {}) =>
        loopbackTarget(
          'MYSQL',
          server.port,
          { host: 'localhost', databaseName: 'conformance', ...FIXTURE_READER },
          overrides,
        );
      const plain = new URL(TEST_MYSQL_URL ?? 'mysql://127.0.0.1:3306/test');
      return {
        reader,
        unknownDatabase: () =>
          reader({
            userName: 'cs_admin',
            password: 'Admin-pw-1',
            databaseName: 'conformance_missing',
          }),
        permissionDenied: () => ({
          call: 'probe',
          target: reader({ databaseName: 'conformance_locked' }),
        }),
        probeStatementBytes: Buffer.from(MYSQL_PROBE_SQL),
        secondSchema: 'sales',
        tls: {
          caPem: tls.caPem,
          wrongCaPem: tls.wrongCaPem,
          certificateHost: 'localhost',
          target: reader,
          plainServer: () => reader({ port: Number(plain.port || 3306) }),
          tlsOnlyAccount: () => reader({ userName: 'cs_tls_only', password: 'Tls-only-pw-1' }),
        },
        restart: { stop: () => server.stop(), start: () => server.start() },
        dispose: async () => {
          await server.dispose();
          tls.dispose();
        },
      };
    },
  },
  describeWithMysql,
);

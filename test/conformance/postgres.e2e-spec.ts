import { Client } from 'pg';
import { DriverTarget } from '../../src/drivers/database-driver';
import { POSTGRES_PROBE_SQL, PostgresDriver } from '../../src/drivers/postgres/postgres.driver';
import { loopbackTarget } from '../support/driver-target';
import { TEST_DATABASE_URL, describeWithPostgres } from '../support/real-servers';
import { startTempPostgres } from '../support/temp-postgres';
import { createTlsFixtures } from '../support/tls-fixtures';
import { runConformanceSuite } from './conformance-suite';
import { FIXTURE_READER, fixtureScript } from './fixture-files';

const TLS_ONLY = { userName: 'cs_tls_only', password: 'Tls-only-pw-1' };

async function asSuperuser(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway cluster with password logins and TLS offered (plain TCP allowed too, except for an
 * account that must use TLS); the machine's own server (TEST_DATABASE_URL, no TLS) answers
 * `require` with no TLS.
 */
runConformanceSuite(
  {
    engine: 'POSTGRESQL',
    driver: new PostgresDriver(),
    server: 'a throwaway PostgreSQL cluster (password logins, TLS offered)',
    fake: false,
    deadlineMs: 10_000,
    start: async () => {
      const tls = createTlsFixtures();
      const cluster = await startTempPostgres({
        passwordAuth: true,
        tls: { certFile: tls.certFile, keyFile: tls.keyFile, alsoPlain: true },
        hbaFirst: [`hostnossl all ${TLS_ONLY.userName} 127.0.0.1/32 reject`],
      }).catch((error: unknown) => {
        tls.dispose();
        throw error;
      });
      try {
        for (const statement of [
          'CREATE DATABASE conformance',
          'CREATE DATABASE conformance_locked',
          'REVOKE CONNECT ON DATABASE conformance_locked FROM PUBLIC',
          `CREATE ROLE ${TLS_ONLY.userName} LOGIN PASSWORD '${TLS_ONLY.password}'`,
        ])
          await asSuperuser(cluster.url(), statement);
        await asSuperuser(cluster.url('conformance'), fixtureScript('postgres.sql'));
      } catch (error) {
        await cluster.dispose();
        tls.dispose();
        throw error;
      }
      const reader = (overrides: Partial<DriverTarget> = {}) =>
        loopbackTarget(
          'POSTGRESQL',
          cluster.port,
          { host: 'localhost', databaseName: 'conformance', ...FIXTURE_READER },
          overrides,
        );
      const plain = new URL(TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/postgres');
      return {
        reader,
        unknownDatabase: () => reader({ databaseName: 'conformance_missing' }),
        permissionDenied: () => ({
          call: 'probe',
          target: reader({ databaseName: 'conformance_locked' }),
        }),
        probeStatementBytes: Buffer.from(POSTGRES_PROBE_SQL),
        secondSchema: 'sales',
        tls: {
          caPem: tls.caPem,
          wrongCaPem: tls.wrongCaPem,
          certificateHost: 'localhost',
          target: reader,
          plainServer: () => reader({ port: Number(plain.port || 5432) }),
          tlsOnlyAccount: () => reader(TLS_ONLY),
        },
        restart: { stop: () => cluster.stop(), start: () => cluster.start() },
        dispose: async () => {
          await cluster.dispose();
          tls.dispose();
        },
      };
    },
  },
  describeWithPostgres,
);

import { DriverTarget } from '../database-driver';
import { mssqlConfig } from './sqlserver-options';

const context = { signal: new AbortController().signal, deadline: Date.now() + 5000 };

function target(overrides: Partial<DriverTarget> = {}): DriverTarget {
  return {
    id: 'c1',
    type: 'SQL_SERVER',
    host: 'sql.example.com',
    port: 1433,
    databaseName: 'sales',
    userName: 'reporter',
    password: 'pw',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: 'sql.example.com', address: '10.0.0.7', family: 4 },
    ...overrides,
  };
}

describe('mssqlConfig', () => {
  it('dials the approved address, verifies the host name, read-only intent, deadline-bound timeouts', () => {
    const config = mssqlConfig(target(), context);
    expect(config).toMatchObject({
      server: '10.0.0.7',
      port: 1433,
      database: 'sales',
      user: 'reporter',
      password: 'pw',
      arrayRowMode: true,
      validateConnection: false,
      pool: { min: 0, max: 1 },
    });
    expect(config.options).toMatchObject({
      serverName: 'sql.example.com',
      readOnlyIntent: true,
      maxRetriesOnTransientErrors: 0,
    });
    expect(config.connectionTimeout).toBeLessThanOrEqual(5000);
    expect(config.requestTimeout).toBeLessThanOrEqual(5000);
  });

  it("dials a tunnel's local end when the approved address carries a port", () => {
    const config = mssqlConfig(
      target({
        approved: { host: 'sql.example.com', address: '127.0.0.1', family: 4, port: 40001 },
      }),
      context,
    );
    expect([config.server, config.port]).toEqual(['127.0.0.1', 40001]);
  });

  it.each([
    ['disable', false, false],
    ['require', true, true],
    ['verify-ca', true, false],
    ['verify-full', true, false],
  ] as const)(
    'TLS mode %s → encrypt %s, trustServerCertificate %s, CA in memory',
    (mode, encrypt, trust) => {
      const config = mssqlConfig(target({ ssl: { mode, ca: 'CA-PEM' } }), context);
      expect(config.options).toMatchObject({ encrypt, trustServerCertificate: trust });
      if (encrypt) expect(config.options?.cryptoCredentialsDetails).toMatchObject({ ca: 'CA-PEM' });
    },
  );
});

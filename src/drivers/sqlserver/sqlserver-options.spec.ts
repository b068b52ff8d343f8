import { DriverTarget } from '../database-driver';
import { tediousConfig } from './sqlserver-options';

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

describe('tediousConfig', () => {
  it('dials the approved address, verifies the host name, read-only intent, deadline-bound timeouts', () => {
    const config = tediousConfig(target(), context);
    expect(config.server).toBe('10.0.0.7');
    expect(config.options).toMatchObject({
      port: 1433,
      database: 'sales',
      serverName: 'sql.example.com',
      readOnlyIntent: true,
    });
    expect(config.options?.connectTimeout).toBeLessThanOrEqual(5000);
    expect(config.options?.requestTimeout).toBeLessThanOrEqual(5000);
    expect(config.authentication).toEqual({
      type: 'default',
      options: { userName: 'reporter', password: 'pw' },
    });
  });

  it.each([
    ['disable', false, false],
    ['require', true, true],
    ['verify-ca', true, false],
    ['verify-full', true, false],
  ] as const)(
    'TLS mode %s → encrypt %s, trustServerCertificate %s, CA in memory',
    (mode, encrypt, trust) => {
      const config = tediousConfig(target({ ssl: { mode, ca: 'CA-PEM' } }), context);
      expect(config.options).toMatchObject({ encrypt, trustServerCertificate: trust });
      if (encrypt) expect(config.options?.cryptoCredentialsDetails).toMatchObject({ ca: 'CA-PEM' });
    },
  );
});

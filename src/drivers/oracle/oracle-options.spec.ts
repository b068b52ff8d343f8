import { DriverError, DriverTarget } from '../database-driver';
import { oracleConnectAttributes, oracleConnectDescriptor } from './oracle-options';

const context = { signal: new AbortController().signal, deadline: Date.now() + 4500 };

function target(overrides: Partial<DriverTarget> = {}): DriverTarget {
  return {
    id: 'c1',
    type: 'ORACLE',
    host: 'ora.example.com',
    port: 1521,
    databaseName: 'ORCLPDB1',
    userName: 'reporter',
    password: 'pw',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: 'ora.example.com', address: '10.0.0.9', family: 4 },
    ...overrides,
  };
}

describe('oracleConnectDescriptor', () => {
  it('a full descriptor from the approved address, the port and the service name', () => {
    expect(oracleConnectDescriptor(target())).toBe(
      '(DESCRIPTION=(RETRY_COUNT=0)(ADDRESS=(PROTOCOL=TCP)(HOST=10.0.0.9)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=ORCLPDB1)))',
    );
  });

  it('metadata.serviceName overrides databaseName', () => {
    expect(
      oracleConnectDescriptor(target({ metadata: { serviceName: 'sales.example' } })),
    ).toContain('(SERVICE_NAME=sales.example)');
  });

  it.each(['X)(ADDRESS=(HOST=10.0.0.1)', 'a b', 'svc/x', 'svc?x', 'u@svc', 'a=b', ''])(
    'refuses service name %p',
    (service) => {
      expect(() => oracleConnectDescriptor(target({ databaseName: service }))).toThrow(DriverError);
    },
  );

  it('TCPS with DN match only for verify-full', () => {
    expect(oracleConnectDescriptor(target({ ssl: { mode: 'require' } }))).toContain(
      '(PROTOCOL=TCPS)',
    );
    expect(oracleConnectDescriptor(target({ ssl: { mode: 'verify-ca' } }))).toContain(
      '(SSL_SERVER_DN_MATCH=no)',
    );
    expect(oracleConnectDescriptor(target({ ssl: { mode: 'verify-full' } }))).toContain(
      '(SSL_SERVER_DN_MATCH=yes)',
    );
  });
});

describe('oracleConnectAttributes', () => {
  it('whole-second timeouts from the deadline, the CA in memory as walletContent', () => {
    const attributes = oracleConnectAttributes(
      target({ ssl: { mode: 'verify-full', ca: 'CA-PEM' } }),
      context,
    );
    expect(attributes).toMatchObject({
      user: 'reporter',
      password: 'pw',
      connectTimeout: 5,
      walletContent: 'CA-PEM',
      sslServerDNMatch: true,
    });
  });
});

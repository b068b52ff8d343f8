import { DriverError, DriverTarget } from '../database-driver';
import {
  oracleConnectAttributes,
  oracleConnectDescriptor,
  oracleDial,
  oracleTlsIdentity,
  oracleWallet,
} from './oracle-options';

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

describe('oracleDial', () => {
  it('the one address and port the worker may connect to: the approved address, the stored port', () => {
    expect(oracleDial(target())).toEqual({ address: '10.0.0.9', port: 1521 });
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
      walletContent: 'CA-PEM\n',
      sslServerDNMatch: true,
    });
  });
});

describe('oracleWallet', () => {
  const cert = '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----';
  const ca = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n';
  const key = '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n';

  it("client certificate first (Node takes the first one as the client's), then the CA, then the key", () => {
    expect(oracleWallet({ mode: 'verify-full', ca, cert, key })).toBe(
      `${cert}\n${ca.trim()}\n${key.trim()}\n`,
    );
  });

  it('the CA alone when there is no client certificate; nothing without TLS material or TLS', () => {
    expect(oracleWallet({ mode: 'verify-ca', ca })).toBe(ca);
    expect(oracleWallet({ mode: 'require' })).toBeUndefined();
    expect(oracleWallet({ mode: 'disable', ca, cert, key })).toBeUndefined();
    expect(oracleWallet(null)).toBeUndefined();
  });

  it('is what the connect attributes carry as walletContent', () => {
    const attributes = oracleConnectAttributes(
      target({ ssl: { mode: 'verify-ca', ca, cert, key } }),
      context,
    );
    expect(attributes.walletContent).toBe(oracleWallet({ mode: 'verify-ca', ca, cert, key }));
    expect(attributes.sslServerDNMatch).toBe(false);
  });
});

describe('oracleTlsIdentity', () => {
  it('verify-full: the dialled address is checked against the stored host name', () => {
    expect(oracleTlsIdentity(target({ ssl: { mode: 'verify-full' } }))).toEqual({
      dialled: '10.0.0.9',
      name: 'ora.example.com',
    });
  });

  it('nothing to map below verify-full, or when the host is the address', () => {
    expect(oracleTlsIdentity(target({ ssl: { mode: 'verify-ca' } }))).toBeUndefined();
    expect(oracleTlsIdentity(target())).toBeUndefined();
    expect(
      oracleTlsIdentity(target({ host: '10.0.0.9', ssl: { mode: 'verify-full' } })),
    ).toBeUndefined();
  });
});

describe('through an SSH tunnel (the approved address is the forward on 127.0.0.1)', () => {
  const tunnelled = (ssl: DriverTarget['ssl']) =>
    target({
      host: 'ora.internal.example',
      ssl,
      approved: { host: 'ora.internal.example', address: '127.0.0.1', family: 4, port: 40123 },
    });

  it("the worker may connect to the forward's loopback end and port only, like the descriptor", () => {
    expect(oracleDial(tunnelled(null))).toEqual({ address: '127.0.0.1', port: 40123 });
  });

  it("the descriptor dials the forward's loopback end and port, never the stored port", () => {
    expect(oracleConnectDescriptor(tunnelled({ mode: 'verify-full' }))).toBe(
      '(DESCRIPTION=(RETRY_COUNT=0)(ADDRESS=(PROTOCOL=TCPS)(HOST=127.0.0.1)(PORT=40123))' +
        '(CONNECT_DATA=(SERVICE_NAME=ORCLPDB1))(SECURITY=(SSL_SERVER_DN_MATCH=yes)))',
    );
  });

  it("verify-full checks the certificate against the database's own name, not 127.0.0.1", () => {
    expect(oracleTlsIdentity(tunnelled({ mode: 'verify-full', ca: 'CA-PEM' }))).toEqual({
      dialled: '127.0.0.1',
      name: 'ora.internal.example',
    });
    expect(
      oracleConnectAttributes(tunnelled({ mode: 'verify-full', ca: 'CA-PEM' }), context),
    ).toMatchObject({ sslServerDNMatch: true, walletContent: 'CA-PEM\n' });
  });

  it('below verify-full no name is checked, and a stored 127.0.0.1 is its own name', () => {
    expect(oracleTlsIdentity(tunnelled({ mode: 'verify-ca' }))).toBeUndefined();
    expect(
      oracleTlsIdentity({
        ...tunnelled({ mode: 'verify-full' }),
        host: '127.0.0.1',
      }),
    ).toBeUndefined();
  });
});

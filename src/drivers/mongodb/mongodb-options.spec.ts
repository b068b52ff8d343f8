import { MongoClient } from 'mongodb';
import { DriverError, DriverTarget } from '../database-driver';
import {
  TUNNEL_TOPOLOGY_REFUSED,
  mongoClientOptions,
  mongoTlsOptions,
  refuseTopologyThroughTunnel,
} from './mongodb-options';

const context = { signal: new AbortController().signal, deadline: Date.now() + 5000 };

function target(overrides: Partial<DriverTarget> = {}): DriverTarget {
  return {
    id: 'c1',
    type: 'MONGODB',
    host: 'db.example.com',
    port: 27017,
    databaseName: 'shop',
    userName: 'reporter',
    password: 'pw',
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host: 'db.example.com', address: '10.0.0.5', family: 4 },
    ...overrides,
  };
}

describe('mongoClientOptions', () => {
  it('dials the approved address only, whatever the user name holds', () => {
    const { url, options } = mongoClientOptions(
      target({ userName: 'a@evil:1/x', password: 'p@ss:/?#' }),
      context,
    );
    expect(url).toBe('mongodb://10.0.0.5:27017');
    const client = new MongoClient(url, options);
    expect(client.options.hosts.map((host) => host.toString())).toEqual(['10.0.0.5:27017']);
    expect(client.options.credentials?.username).toBe('a@evil:1/x');
    expect(client.options.credentials?.password).toBe('p@ss:/?#');
    expect(client.options.credentials?.source).toBe('admin');
  });

  it('brackets an IPv6 approved address', () => {
    const approved = { host: 'db.example.com', address: '2001:db8::5', family: 6 as const };
    const { url, options } = mongoClientOptions(target({ approved }), context);
    expect(url).toBe('mongodb://[2001:db8::5]:27017');
    expect(new MongoClient(url, options).options.hosts.map((host) => host.host)).toEqual([
      '2001:db8::5',
    ]);
  });

  it('one connection, direct by default, bounded by the deadline, authSource from metadata', () => {
    const { options } = mongoClientOptions(
      target({ metadata: { authSource: 'reports' } }),
      context,
    );
    expect(options).toMatchObject({
      maxPoolSize: 1,
      directConnection: true,
      monitorCommands: false,
      authSource: 'reports',
    });
    expect(options.serverSelectionTimeoutMS).toBeLessThanOrEqual(5000);
    expect(options.connectTimeoutMS).toBeGreaterThan(0);
  });

  it.each<[Record<string, string>]>([
    [{ replicaSet: 'rs0' }],
    [{ replicaSet: 'rs0', directConnection: 'false' }],
    [{ directConnection: 'false' }],
    [{ directConnection: 'true' }],
  ])(
    'always a direct connection to the approved address, whatever metadata %p says',
    (metadata) => {
      const { url, options } = mongoClientOptions(target({ metadata }), context);
      expect(options.directConnection).toBe(true);
      expect(options.replicaSet).toBe(metadata.replicaSet);
      expect(new MongoClient(url, options).options.hosts.map((host) => host.toString())).toEqual([
        '10.0.0.5:27017',
      ]);
    },
  );

  it.each([
    ['disable', { tls: false }],
    ['require', { tls: true, tlsAllowInvalidCertificates: true }],
    ['verify-ca', { tls: true, tlsAllowInvalidHostnames: true, ca: 'CA' }],
    ['verify-full', { tls: true, ca: 'CA', servername: 'db.example.com' }],
  ] as const)('TLS mode %s follows the spec table, PEMs in memory', (mode, expected) => {
    const { options } = mongoClientOptions(
      target({ ssl: { mode, ca: 'CA', cert: 'CERT', key: 'KEY' } }),
      context,
    );
    expect(options).toMatchObject(expected);
    if (mode === 'verify-full') expect(options.tlsAllowInvalidHostnames).toBeUndefined();
    if (mode !== 'disable') expect(options).toMatchObject({ cert: 'CERT', key: 'KEY' });
  });
});

describe('MongoDB through an SSH tunnel', () => {
  const forward = {
    host: 'db.example.com',
    address: '127.0.0.1',
    family: 4 as const,
    port: 40_123,
  };

  it("is a direct connection to the forward's loopback end", () => {
    const { url, options } = mongoClientOptions(target({ approved: forward }), context);
    expect(url).toBe('mongodb://127.0.0.1:40123');
    expect(options).toMatchObject({ directConnection: true, replicaSet: undefined });
    expect(() => refuseTopologyThroughTunnel(target({ approved: forward }))).not.toThrow();
  });

  it('refuses a topology that needs the other members: replicaSet, directConnection=false', () => {
    for (const metadata of [
      { replicaSet: 'rs0' },
      { directConnection: 'false' },
      { replicaSet: 'rs0', directConnection: 'true' },
    ] as Record<string, string>[]) {
      const refused = (() => {
        try {
          refuseTopologyThroughTunnel(target({ approved: forward, metadata }));
        } catch (error) {
          return error as DriverError;
        }
        return undefined;
      })();
      expect([refused?.reason, refused?.stage, (refused?.cause as Error).message]).toEqual([
        'UNKNOWN',
        'connect',
        TUNNEL_TOPOLOGY_REFUSED,
      ]);
      // Even if it were not refused first, the client would never leave the forward.
      expect(
        mongoClientOptions(target({ approved: forward, metadata }), context).options,
      ).toMatchObject({
        directConnection: true,
        replicaSet: undefined,
      });
    }
    // Without a tunnel the same settings stay allowed.
    expect(() =>
      refuseTopologyThroughTunnel(target({ metadata: { replicaSet: 'rs0' } })),
    ).not.toThrow();
  });
});

describe('mongoTlsOptions (pre-flight socket)', () => {
  it('require skips the certificate check, verify-ca skips only the name, verify-full checks both', () => {
    expect(mongoTlsOptions(target())).toBeNull();
    expect(mongoTlsOptions(target({ ssl: { mode: 'require' } }))?.rejectUnauthorized).toBe(false);
    const verifyCa = mongoTlsOptions(target({ ssl: { mode: 'verify-ca', ca: 'CA' } }));
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true, ca: 'CA' });
    expect(verifyCa?.checkServerIdentity?.('x', {} as never)).toBeUndefined();
    const full = mongoTlsOptions(target({ ssl: { mode: 'verify-full', ca: 'CA' } }));
    expect(full).toMatchObject({
      rejectUnauthorized: true,
      ca: 'CA',
      servername: 'db.example.com',
    });
    // The name checked is the connection's own host, whatever was dialled.
    const certificate = {
      subject: { CN: 'db.example.com' },
      subjectaltname: 'DNS:db.example.com',
    } as never;
    expect(full?.checkServerIdentity?.('127.0.0.1', certificate)).toBeUndefined();
    expect(
      full?.checkServerIdentity?.('db.example.com', {
        subject: { CN: 'other' },
        subjectaltname: 'DNS:other',
      } as never),
    ).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('verify-full checks an IP literal host against the certificate, not the dialled address', () => {
    const full = mongoTlsOptions(target({ host: '10.0.0.5', ssl: { mode: 'verify-full' } }));
    expect(
      full?.checkServerIdentity?.('127.0.0.1', {
        subject: {},
        subjectaltname: 'IP Address:10.0.0.5',
      } as never),
    ).toBeUndefined();
    expect(
      full?.checkServerIdentity?.('127.0.0.1', {
        subject: {},
        subjectaltname: 'IP Address:127.0.0.1',
      } as never),
    ).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('sends no SNI for an IP literal host', () => {
    expect(
      mongoTlsOptions(target({ host: '10.0.0.5', ssl: { mode: 'verify-full' } }))?.servername,
    ).toBeUndefined();
  });
});

import { SSL_MODES, SslMode } from '../../engines/engine';
import { Connection, StoredSshTunnel } from './connection';
import {
  REQUIRED_WHEN_DESTINATION_CHANGES,
  credentialGuardViolations,
  sameHost,
  sslStrength,
} from './credential-guard';

/** A stored connection, as the service hands it to the guard (the guard reads what it needs). */
const STORED: Connection = {
  id: '019abcde-f012-7345-8678-9abcdef01234',
  organizationId: 'acme',
  productName: 'reports',
  configName: 'warehouse',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'app',
  userName: 'reporter',
  sealedPassword: 'v1:test:sealed',
  schema: 'public',
  ssl: { mode: 'verify-full', ca: 'PEM' },
  metadata: { team: 'data' },
  sshTunnel: null,
  createdAt: new Date('2024-01-15T10:30:00.000Z'),
  updatedAt: new Date('2024-01-15T10:30:00.000Z'),
  provisioned: false,
};

const WITHOUT_SECRETS = new Set<string>();
const WITH_PASSWORD = new Set(['password']);
const PASSWORD_REQUIRED = { password: REQUIRED_WHEN_DESTINATION_CHANGES };

/** The guard's verdict on moving from `from` to `from` + `change`, with the secrets carried. */
const verdict = (change: Partial<Connection>, carried = WITHOUT_SECRETS, from = STORED) =>
  credentialGuardViolations(from, { ...from, ...change }, carried);

const withSsl = (mode: SslMode | null): Connection => ({
  ...STORED,
  ssl: mode === null ? null : { mode },
});

/** Every (stronger, weaker) pair of TLS modes, in the order verify-full > verify-ca > require > disable. */
const LOWERINGS: Array<[SslMode, SslMode]> = SSL_MODES.flatMap((weaker, i) =>
  SSL_MODES.slice(i + 1).map((stronger): [SslMode, SslMode] => [stronger, weaker]),
);

describe('the credential guard (spec §3.4): a PATCH that would send the stored password somewhere new must carry it again', () => {
  it('names `password` with a fixed sentence when it is missing', () => {
    expect(verdict({ host: 'attacker.example.net' })).toEqual({
      password: 'required when the destination changes',
    });
  });

  describe.each<[string, Partial<Connection>]>([
    ['type', { type: 'MYSQL' }],
    ['host', { host: 'attacker.example.net' }],
    ['port', { port: 6543 }],
    ['host and port together', { host: '127.0.0.1', port: 15432 }],
    [
      'type, host, port and TLS at once',
      { type: 'MYSQL', host: '10.0.0.9', port: 3306, ssl: null },
    ],
  ])('changing the %s moves the destination', (_what, change) => {
    it('without a password → refused, naming `password` once', () => {
      expect(verdict(change)).toEqual(PASSWORD_REQUIRED);
    });
    it('with a new password → allowed', () => {
      expect(verdict(change, WITH_PASSWORD)).toEqual({});
    });
    it('another secret given instead of the password does not count', () => {
      expect(verdict(change, new Set(['ssl.key']))).toEqual(PASSWORD_REQUIRED);
    });
  });

  it('a type change alone is guarded, even with the same host and port', () => {
    for (const type of ['MYSQL', 'SQL_SERVER', 'ORACLE', 'MONGODB'] as const) {
      expect({ type, verdict: verdict({ type }) }).toEqual({ type, verdict: PASSWORD_REQUIRED });
    }
  });

  describe('TLS: lowering ssl.mode is guarded, raising it is not', () => {
    it.each(LOWERINGS)('%s → %s without a password → refused; with one → allowed', (from, to) => {
      expect(verdict({ ssl: { mode: to } }, WITHOUT_SECRETS, withSsl(from))).toEqual(
        PASSWORD_REQUIRED,
      );
      expect(verdict({ ssl: { mode: to } }, WITH_PASSWORD, withSsl(from))).toEqual({});
    });

    it.each(LOWERINGS.map(([stronger, weaker]): [SslMode, SslMode] => [weaker, stronger]))(
      '%s → %s (raising) needs no password',
      (from, to) => {
        expect(verdict({ ssl: { mode: to } }, WITHOUT_SECRETS, withSsl(from))).toEqual({});
      },
    );

    it.each(SSL_MODES)('%s sent again (the same mode, other PEMs) needs no password', (mode) => {
      expect(verdict({ ssl: { mode, cert: 'PEM' } }, WITHOUT_SECRETS, withSsl(mode))).toEqual({});
    });
  });

  describe('TLS removed (`"ssl": null`) counts as `disable`', () => {
    it.each<SslMode>(['require', 'verify-ca', 'verify-full'])(
      'stored %s, ssl removed without a password → refused; with one → allowed',
      (mode) => {
        expect(verdict({ ssl: null }, WITHOUT_SECRETS, withSsl(mode))).toEqual(PASSWORD_REQUIRED);
        expect(verdict({ ssl: null }, WITH_PASSWORD, withSsl(mode))).toEqual({});
      },
    );
    it('stored disable, ssl removed → nothing lowered, no password needed', () => {
      expect(verdict({ ssl: null }, WITHOUT_SECRETS, withSsl('disable'))).toEqual({});
    });
    it('no ssl stored, ssl removed again or set to disable → no password needed', () => {
      expect(verdict({ ssl: null }, WITHOUT_SECRETS, withSsl(null))).toEqual({});
      expect(verdict({ ssl: { mode: 'disable' } }, WITHOUT_SECRETS, withSsl(null))).toEqual({});
    });
    it('no ssl stored, any TLS mode added (raising) → no password needed', () => {
      for (const mode of ['require', 'verify-ca', 'verify-full'] as const) {
        expect({
          mode,
          verdict: verdict({ ssl: { mode } }, WITHOUT_SECRETS, withSsl(null)),
        }).toEqual({ mode, verdict: {} });
      }
    });
  });

  describe('a value equal to the stored one is not a change', () => {
    it('the same type, host, port and ssl.mode sent again → no password needed', () => {
      expect(
        verdict({
          type: 'POSTGRESQL',
          host: 'db.example.com',
          port: 5432,
          ssl: { mode: 'verify-full' },
        }),
      ).toEqual({});
    });
    it('the same host in another case → no change (host names are case-insensitive)', () => {
      expect(verdict({ host: 'DB.Example.COM' })).toEqual({});
      expect(
        verdict({ host: '2001:DB8::1' }, WITHOUT_SECRETS, { ...STORED, host: '2001:db8::1' }),
      ).toEqual({});
    });
    it('another spelling of a name or an address is a change (asked for, not guessed)', () => {
      expect(verdict({ host: 'db.example.com.' })).toEqual(PASSWORD_REQUIRED);
      expect(
        verdict({ host: '0:0:0:0:0:0:0:1' }, WITHOUT_SECRETS, { ...STORED, host: '::1' }),
      ).toEqual(PASSWORD_REQUIRED);
    });
  });

  describe('what does not move the password needs none', () => {
    it.each<[string, Partial<Connection>]>([
      ['databaseName', { databaseName: 'warehouse' }],
      ['userName', { userName: 'someone-else' }],
      ['schema', { schema: 'sales' }],
      ['schema removed', { schema: null }],
      ['metadata', { metadata: { team: 'finance' } }],
      ['metadata cleared', { metadata: {} }],
      ['configName', { configName: 'renamed' }],
      [
        'all of these at once',
        { databaseName: 'w', userName: 'u', schema: null, metadata: {}, configName: 'c' },
      ],
    ])('%s', (_field, change) => {
      expect(verdict(change)).toEqual({});
    });
  });
});

describe('the credential guard and the SSH tunnel (spec §3.4, §5.1)', () => {
  const TUNNEL: StoredSshTunnel = {
    host: 'bastion.example.com',
    port: 22,
    userName: 'tunnel',
    hostKeyFingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
    sealedPrivateKey: 'v1:test:sealed-key',
  };
  const TUNNELLED: Connection = { ...STORED, sshTunnel: TUNNEL };
  const TUNNEL_SECRET_REQUIRED = {
    'sshTunnel.privateKey': REQUIRED_WHEN_DESTINATION_CHANGES,
    'sshTunnel.password': REQUIRED_WHEN_DESTINATION_CHANGES,
  };
  const BOTH_REQUIRED = { ...PASSWORD_REQUIRED, ...TUNNEL_SECRET_REQUIRED };
  const moved = (change: Partial<StoredSshTunnel>) => ({ sshTunnel: { ...TUNNEL, ...change } });

  it('adding a tunnel: the password and a tunnel secret are both required', () => {
    expect(verdict({ sshTunnel: TUNNEL })).toEqual(BOTH_REQUIRED);
    expect(verdict({ sshTunnel: TUNNEL }, WITH_PASSWORD)).toEqual(TUNNEL_SECRET_REQUIRED);
    expect(verdict({ sshTunnel: TUNNEL }, new Set(['sshTunnel.privateKey']))).toEqual(
      PASSWORD_REQUIRED,
    );
    expect(verdict({ sshTunnel: TUNNEL }, new Set(['password', 'sshTunnel.password']))).toEqual({});
  });

  it('removing the tunnel: the password is required (the name is now resolved here), no tunnel secret', () => {
    expect(verdict({ sshTunnel: null }, WITHOUT_SECRETS, TUNNELLED)).toEqual(PASSWORD_REQUIRED);
    expect(verdict({ sshTunnel: null }, WITH_PASSWORD, TUNNELLED)).toEqual({});
  });

  describe.each<[string, Partial<StoredSshTunnel>]>([
    ['bastion host', { host: 'attacker.example.net' }],
    ['bastion port', { port: 2222 }],
    ['SSH user', { userName: 'root' }],
    ['SSH user, in another case only', { userName: 'Tunnel' }],
  ])('changing the %s moves both secrets', (_what, change) => {
    it('without secrets → refused, naming password and both tunnel secrets', () => {
      expect(verdict(moved(change), WITHOUT_SECRETS, TUNNELLED)).toEqual(BOTH_REQUIRED);
    });
    it('the database password alone is not enough; with a tunnel key or password too → allowed', () => {
      expect(verdict(moved(change), WITH_PASSWORD, TUNNELLED)).toEqual(TUNNEL_SECRET_REQUIRED);
      expect(
        verdict(moved(change), new Set(['password', 'sshTunnel.privateKey']), TUNNELLED),
      ).toEqual({});
      expect(
        verdict(moved(change), new Set(['password', 'sshTunnel.password']), TUNNELLED),
      ).toEqual({});
    });
  });

  it('the same route sent again (bastion name in another case, a new fingerprint, other secrets) needs nothing', () => {
    expect(verdict(moved({ host: 'BASTION.example.com' }), WITHOUT_SECRETS, TUNNELLED)).toEqual({});
    expect(
      verdict(
        moved({ hostKeyFingerprint: 'SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' }),
        WITHOUT_SECRETS,
        TUNNELLED,
      ),
    ).toEqual({});
    expect(
      verdict(
        moved({ sealedPrivateKey: undefined, sealedPassword: 'v1:test:pw' }),
        WITHOUT_SECRETS,
        TUNNELLED,
      ),
    ).toEqual({});
  });

  it('behind an unchanged tunnel the database rules stay: a new host needs the password, not a tunnel secret', () => {
    expect(verdict({ host: '10.0.0.9' }, WITHOUT_SECRETS, TUNNELLED)).toEqual(PASSWORD_REQUIRED);
    expect(verdict({ host: '10.0.0.9' }, WITH_PASSWORD, TUNNELLED)).toEqual({});
    expect(verdict({ databaseName: 'other' }, WITHOUT_SECRETS, TUNNELLED)).toEqual({});
  });
});

describe('sameHost and sslStrength', () => {
  it('compares host names without regard to ASCII case only', () => {
    expect(sameHost('DB.example.com', 'db.EXAMPLE.com')).toBe(true);
    expect(sameHost('db.example.com', 'db.example.org')).toBe(false);
    expect(sameHost('127.0.0.1', '127.0.0.01')).toBe(false);
  });
  it('ranks verify-full > verify-ca > require > disable = no TLS', () => {
    const ranks = [
      sslStrength({ mode: 'verify-full' }),
      sslStrength({ mode: 'verify-ca' }),
      sslStrength({ mode: 'require' }),
      sslStrength({ mode: 'disable' }),
    ];
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(4);
    expect(sslStrength(null)).toBe(sslStrength({ mode: 'disable' }));
  });
});

import { normaliseHost, normaliseIp } from './host-address';
import { parseCidr } from './host-ranges';
import { HostRules, HostRulesOptions } from './host-rules';

const rules = (options: Partial<HostRulesOptions> = {}) =>
  new HostRules({ mode: 'default', allowCidrs: [], denyCidrs: [], ...options });

function forbidden(r: HostRules, host: string): boolean {
  const normalised = normaliseHost(host);
  if (normalised.kind === 'ip') return r.isAddressForbidden(normalised);
  if (normalised.kind === 'name') return r.isNameForbidden(normalised.name);
  throw new Error(`not a host: ${host}`);
}

const ALWAYS_BLOCKED = [
  '169.254.169.254',
  '0xa9.0xfe.0xa9.0xfe',
  '::ffff:169.254.169.254',
  '169.254.1.1',
  'fe80::1',
  'fd00:ec2::254',
  '100.100.100.200',
  '0.0.0.0',
  '0',
  '0.1.2.3',
  '::',
  '224.0.0.1',
  'ff02::1',
  '240.0.0.1',
  '255.255.255.255',
  'metadata.google.internal',
  'METADATA',
  'instance-data',
];
const PRIVATE = [
  '127.0.0.1',
  '127.1',
  '2130706433',
  '::ffff:7f00:1',
  '::1',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '100.64.0.1',
  'fd12:3456::1',
  '192.0.2.10',
  '198.51.100.1',
  '203.0.113.7',
  '2001:db8::1',
];
const PUBLIC = [
  '8.8.8.8',
  '172.32.0.1',
  '100.128.0.1',
  '2606:4700::1',
  'db.example.com',
  '::ffff:8.8.8.8',
];

describe('HostRules, HOST_POLICY=default', () => {
  const r = rules();
  it.each(ALWAYS_BLOCKED)('blocks %s', (host) => expect(forbidden(r, host)).toBe(true));
  it.each([...PRIVATE, ...PUBLIC])('allows %s', (host) => expect(forbidden(r, host)).toBe(false));
});

describe('HostRules, HOST_POLICY=strict', () => {
  const r = rules({ mode: 'strict' });
  it.each([...ALWAYS_BLOCKED, ...PRIVATE])('blocks %s', (host) =>
    expect(forbidden(r, host)).toBe(true),
  );
  it.each(PUBLIC)('allows %s', (host) => expect(forbidden(r, host)).toBe(false));
});

describe('HostRules, HOST_ALLOW_CIDRS and HOST_DENY_CIDRS', () => {
  it('an allowed range opens what the mode blocks, and only that range', () => {
    const r = rules({ mode: 'strict', allowCidrs: ['10.20.0.0/16', '127.0.0.1'] });
    expect(forbidden(r, '10.20.3.4')).toBe(false);
    expect(forbidden(r, '::ffff:10.20.3.4')).toBe(false);
    expect(forbidden(r, '10.21.0.1')).toBe(true);
    expect(forbidden(r, '127.0.0.1')).toBe(false);
    expect(forbidden(r, '127.0.0.2')).toBe(true);
  });

  it('a denied range is blocked in default mode, whatever its spelling', () => {
    const r = rules({ denyCidrs: ['203.0.113.0/24', '2001:db8:1::/48'] });
    expect(forbidden(r, '203.0.113.9')).toBe(true);
    expect(forbidden(r, '3405803785')).toBe(true);
    expect(forbidden(r, '2001:db8:1::5')).toBe(true);
    expect(forbidden(r, '2001:db8:2::5')).toBe(false);
  });

  it('deny wins over allow', () => {
    const r = rules({ allowCidrs: ['10.0.0.0/8'], denyCidrs: ['10.9.0.0/16'] });
    expect(forbidden(r, '10.1.0.1')).toBe(false);
    expect(forbidden(r, '10.9.0.1')).toBe(true);
  });

  it('judges names other than metadata services only by their addresses (after DNS)', () => {
    expect(forbidden(rules({ mode: 'strict' }), 'localhost')).toBe(false);
  });

  it('metadata names stay blocked even when their addresses are allowed', () => {
    const r = rules({ allowCidrs: ['169.254.0.0/16'] });
    expect(forbidden(r, 'metadata.google.internal')).toBe(true);
    expect(r.isAddressForbidden(normaliseIp('169.254.169.254'))).toBe(false);
  });

  it('an IPv6 range that holds the IPv4-mapped space holds IPv4 too', () => {
    const r = rules({ denyCidrs: ['::/64'] });
    expect(forbidden(r, '8.8.8.8')).toBe(true);
    expect(forbidden(r, '2606:4700::1')).toBe(false);
  });

  it('a range written in a short IPv4 form or with a zone stops boot', () => {
    expect(() => rules({ denyCidrs: ['10/8'] })).toThrow(
      'HOST_DENY_CIDRS: "10/8" is not a CIDR range',
    );
    expect(() => rules({ allowCidrs: ['fe80::%eth0/64'] })).toThrow('HOST_ALLOW_CIDRS');
  });

  it('a malformed range stops boot naming the variable', () => {
    expect(() => rules({ allowCidrs: ['10.0.0.0/33'] })).toThrow(
      'HOST_ALLOW_CIDRS: "10.0.0.0/33" is not a CIDR range',
    );
    expect(() => rules({ denyCidrs: ['db.example.com'] })).toThrow('HOST_DENY_CIDRS');
  });
});

describe('HostRules behind an SSH tunnel', () => {
  const behind = (r: HostRules, host: string) => r.isForbiddenBehindTunnel(normaliseHost(host));

  it('refuses the default blocks (metadata names, link-local and alike) in every mode', () => {
    for (const mode of ['default', 'strict'] as const) {
      for (const host of ALWAYS_BLOCKED) expect([host, behind(rules({ mode }), host)]).toEqual([host, true]);
    }
  });

  it('allows private ranges and any other name even under HOST_POLICY=strict (the bastion resolves names)', () => {
    const strict = rules({ mode: 'strict' });
    for (const host of [...PRIVATE, ...PUBLIC, 'localhost', 'db.internal'])
      expect([host, behind(strict, host)]).toEqual([host, false]);
  });

  it("keeps the operator's lists: HOST_DENY_CIDRS refuses, HOST_ALLOW_CIDRS opens a default block", () => {
    expect(behind(rules({ denyCidrs: ['10.0.0.0/8'] }), '10.1.2.3')).toBe(true);
    expect(behind(rules({ allowCidrs: ['169.254.10.0/24'] }), '169.254.10.5')).toBe(false);
    expect(behind(rules({ allowCidrs: ['169.254.0.0/16'] }), 'metadata.google.internal')).toBe(true);
  });
});

describe('parseCidr', () => {
  it('reads an IPv4-mapped range as IPv4', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({ network: '10.0.0.0', prefix: 8, family: 4 });
  });
  it('reads a bare address as a single host', () => {
    expect(parseCidr('2001:db8::1')).toEqual({ network: '2001:db8::1', prefix: 128, family: 6 });
  });
});

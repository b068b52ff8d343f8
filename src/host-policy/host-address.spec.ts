import { normaliseHost, normaliseIp } from './host-address';

describe('normaliseHost', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0x7f.0.0.1.', '127.0.0.1'],
    ['%31%32%37.0.0.1', '127.0.0.1'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254'],
    ['0251.0376.0251.0376', '169.254.169.254'],
    ['2852039166', '169.254.169.254'],
  ])('reads the IPv4 spelling %s as %s', (raw, address) => {
    expect(normaliseHost(raw)).toEqual({ kind: 'ip', address, family: 4 });
  });

  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['[::ffff:7f00:1]', '127.0.0.1'],
    ['::FFFF:169.254.169.254', '169.254.169.254'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', '169.254.169.254'],
    ['::169.254.169.254', '169.254.169.254'],
    ['64:ff9b::a9fe:a9fe', '169.254.169.254'],
  ])('reads the IPv4-in-IPv6 spelling %s as %s', (raw, address) => {
    expect(normaliseHost(raw)).toEqual({ kind: 'ip', address, family: 4 });
  });

  it.each([
    ['::1', '::1'],
    ['[0:0:0:0:0:0:0:1]', '::1'],
    ['::', '::'],
    ['FE80::1%eth0', 'fe80::1'],
    ['fd00:EC2:0::254', 'fd00:ec2::254'],
    ['2001:0db8::0001', '2001:db8::1'],
    ['fe80::1%eth0.5', 'fe80::1'],
    ['::0.0.0.1', '::1'],
    ['::0.0.0.0', '::'],
  ])('canonicalises the IPv6 address %s as %s', (raw, address) => {
    expect(normaliseHost(raw)).toEqual({ kind: 'ip', address, family: 6 });
  });

  it.each([
    ['db.example.com', 'db.example.com'],
    ['Metadata.Google.Internal.', 'metadata.google.internal'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['LOCALHOST', 'localhost'],
  ])('lower-cases and punycodes the name %s as %s', (raw, name) => {
    expect(normaliseHost(raw)).toEqual({ kind: 'name', name });
  });

  it.each([
    '',
    '   ',
    'a/b',
    'user@127.0.0.1',
    '127.0.0.1:5432',
    '1.2.3.4.5',
    'has space',
    '[::1',
    'x#y',
    '0x100000000',
    '::ffff:0x7f.0.0.1',
    '::ffff:0177.0.0.1',
  ])('refuses %p as no host at all', (raw) => {
    expect(normaliseHost(raw)).toEqual({ kind: 'invalid' });
  });
});

describe('normaliseIp', () => {
  it('unwraps an IPv4-mapped answer from DNS', () => {
    expect(normaliseIp('::ffff:10.1.2.3')).toEqual({ address: '10.1.2.3', family: 4 });
  });
  it('unwraps an IPv4-compatible and a NAT64 answer, but not ::1', () => {
    expect(normaliseIp('::a00:1')).toEqual({ address: '10.0.0.1', family: 4 });
    expect(normaliseIp('64:ff9b::a9fe:a9fe')).toEqual({ address: '169.254.169.254', family: 4 });
    expect(normaliseIp('::1')).toEqual({ address: '::1', family: 6 });
  });
  it('keeps a real IPv6 answer', () => {
    expect(normaliseIp('2606:4700:0:0::1')).toEqual({ address: '2606:4700::1', family: 6 });
  });
});

import { isIPv4, isIPv6 } from 'node:net';

/** An IP address in its one canonical spelling (dotted quad, or compressed lower-case IPv6). */
export interface IpAddress {
  address: string;
  family: 4 | 6;
}

/** What a host string turns out to be once its spelling is normalised. */
export type NormalisedHost =
  ({ kind: 'ip' } & IpAddress) | { kind: 'name'; name: string } | { kind: 'invalid' };

/** Characters that would make the WHATWG parser read part of the string as something else. */
const NOT_A_HOST = /[/\\?#@\s]/;

/**
 * Normalises a host as a driver (or getaddrinfo) would read it, so that no spelling slips past
 * the policy: `2130706433`, `0x7f.1`, `017700000001`, `127.1` and `%31%32%37.0.0.1` are all
 * 127.0.0.1 (the WHATWG URL host parser does this); `[::ffff:7f00:1]`, `::ffff:127.0.0.1`,
 * `::127.0.0.1` and `64:ff9b::7f00:1` are IPv4 in IPv6 clothing and become 127.0.0.1; an IPv6
 * zone (`fe80::1%eth0`) is dropped. Names are lower-cased, punycoded and lose a trailing dot.
 */
export function normaliseHost(raw: string): NormalisedHost {
  const host = raw.trim();
  if (host === '' || NOT_A_HOST.test(host)) return { kind: 'invalid' };
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (unbracketed.includes(':')) {
    const withoutZone = unbracketed.split('%')[0];
    if (!isIPv6(withoutZone)) return { kind: 'invalid' };
    return { kind: 'ip', ...normaliseIp(withoutZone) };
  }
  let parsed: string;
  try {
    parsed = new URL(`http://${host}/`).hostname;
  } catch {
    return { kind: 'invalid' };
  }
  if (isIPv4(parsed)) return { kind: 'ip', address: parsed, family: 4 };
  const name = parsed.endsWith('.') ? parsed.slice(0, -1) : parsed;
  return name === '' ? { kind: 'invalid' } : { kind: 'name', name };
}

/** Canonical form of an address already known to be IPv4 or IPv6 (e.g. from DNS). */
export function normaliseIp(address: string): IpAddress {
  if (isIPv4(address)) return { address: new URL(`http://${address}/`).hostname, family: 4 };
  const bytes = ipv6Bytes(address);
  const embedded = embeddedIpv4(bytes);
  if (embedded) return { address: embedded, family: 4 };
  return { address: new URL(`http://[${address}]/`).hostname.slice(1, -1), family: 6 };
}

/**
 * The IPv4 address carried by an IPv6 one, for the forms a dial would reach over IPv4:
 * IPv4-mapped `::ffff:0:0/96`, deprecated IPv4-compatible `::/96` (not `::` or `::1`) and the
 * NAT64 well-known prefix `64:ff9b::/96`.
 */
function embeddedIpv4(bytes: number[]): string | undefined {
  const head = bytes.slice(0, 12);
  const tail = bytes.slice(12);
  const zeros = (list: number[]) => list.every((byte) => byte === 0);
  const mapped = zeros(head.slice(0, 10)) && head[10] === 0xff && head[11] === 0xff;
  const compatible = zeros(head) && !(zeros(tail.slice(0, 3)) && tail[3] <= 1);
  const nat64 =
    head[0] === 0x00 &&
    head[1] === 0x64 &&
    head[2] === 0xff &&
    head[3] === 0x9b &&
    zeros(head.slice(4));
  return mapped || compatible || nat64 ? tail.join('.') : undefined;
}

/** The 16 bytes of a valid IPv6 text address (with `::` and an optional dotted-quad tail). */
export function ipv6Bytes(address: string): number[] {
  let text = address;
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const parts = quad[1].split('.').map(Number);
    text = `${text.slice(0, -quad[1].length)}${((parts[0] << 8) | parts[1]).toString(16)}:${((parts[2] << 8) | parts[3]).toString(16)}`;
  }
  const [left, right] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(left);
  const tail = groups(right);
  const middle =
    right === undefined ? [] : new Array<string>(8 - head.length - tail.length).fill('0');
  return [...head, ...middle, ...tail].flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

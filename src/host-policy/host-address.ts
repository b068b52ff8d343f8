import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

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

/** Where the last 32 bits of an IPv6 address are an IPv4 address a dial would reach over IPv4. */
const IPV4_MAPPED = ipaddr.IPv6.parseCIDR('::ffff:0:0/96');
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/** `::` + a dotted quad, which ipaddr.js rewrites to `::ffff:` + that quad. */
const DEPRECATED_TRANSITIONAL = /^::[\d.]+$/;

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
    // A dial ignores the zone; ipaddr.js reads only alphanumeric ones (`%eth0`, not `%eth0.5`).
    const withoutZone = unbracketed.split('%')[0];
    // node:net says what IPv6 text is: ipaddr.js also takes `::ffff:0x7f.0.0.1`, no resolver does.
    if (!isIPv6(withoutZone)) return { kind: 'invalid' };
    return { kind: 'ip', ...normaliseIp(withoutZone) };
  }
  let parsed: string;
  try {
    // WHATWG, not ipaddr.IPv4: it also reads `127.0.0.1.` and `%31…`, and it maps names too.
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
  return canonicalIp(parseIp(address));
}

/** An address node:net has accepted, parsed by ipaddr.js (ipaddr.parse would parse it twice). */
function parseIp(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  if (isIPv4(address)) return ipaddr.IPv4.parse(address);
  const ip = ipaddr.IPv6.parse(address);
  if (!DEPRECATED_TRANSITIONAL.test(address)) return ip;
  // RFC 4291 bits: `::0.0.0.1` is `::1`, which ipaddr.js would read as `::ffff:0.0.0.1`.
  return new ipaddr.IPv6([0, 0, 0, 0, 0, 0, ip.parts[6], ip.parts[7]]);
}

/**
 * An address as the dial would reach it: IPv4 for IPv4-mapped `::ffff:0:0/96`, deprecated
 * IPv4-compatible `::/96` (not `::` or `::1`) and NAT64 `64:ff9b::/96`; IPv6 otherwise.
 */
function canonicalIp(ip: ipaddr.IPv4 | ipaddr.IPv6): IpAddress {
  if (ip instanceof ipaddr.IPv4) return { address: ip.toString(), family: 4 };
  const [high, low] = ip.parts.slice(6);
  const compatible = ip.match(IPV4_COMPATIBLE) && (high !== 0 || low > 1);
  // match(), not isIPv4MappedAddress(): that walks ipaddr's whole special-range table.
  if (compatible || ip.match(IPV4_MAPPED) || ip.match(NAT64))
    return { address: ipaddr.fromByteArray(ip.toByteArray().slice(12)).toString(), family: 4 };
  return { address: ip.toString(), family: 6 };
}

import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';
import { normaliseIp } from './host-address';

/** A range, its network in canonical form (IPv4 in IPv6 clothing already unwrapped). */
export interface Cidr {
  network: string;
  prefix: number;
  family: 4 | 6;
}

/**
 * Blocked by `HOST_POLICY=default` (and therefore by `strict` too): addresses that are never a
 * customer's database and are the classic SSRF targets.
 */
export const DEFAULT_BLOCKED_RANGES: readonly string[] = [
  // "this network" / unspecified
  '0.0.0.0/8',
  '::/128',
  // link-local, where the cloud metadata services live (AWS, GCP, Azure, OCI: 169.254.169.254)
  '169.254.0.0/16',
  'fe80::/10',
  // cloud metadata outside link-local: AWS IMDS over IPv6, Alibaba Cloud
  'fd00:ec2::254/128',
  '100.100.100.200/32',
  // multicast
  '224.0.0.0/4',
  'ff00::/8',
  // reserved for future use, limited broadcast (255.255.255.255)
  '240.0.0.0/4',
  // deprecated site-local, discard-only
  'fec0::/10',
  '100::/64',
];

/** Added by `HOST_POLICY=strict` (multi-tenant SaaS): everything private, shared or for examples. */
export const STRICT_BLOCKED_RANGES: readonly string[] = [
  // loopback
  '127.0.0.0/8',
  '::1/128',
  // RFC 1918 private networks
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  // carrier-grade NAT (RFC 6598)
  '100.64.0.0/10',
  // unique local IPv6 (RFC 4193)
  'fc00::/7',
  // IETF protocol assignments, 6to4 relay anycast, benchmarking
  '192.0.0.0/24',
  '192.88.99.0/24',
  '198.18.0.0/15',
  // documentation (RFC 5737, RFC 3849, RFC 9637)
  '192.0.2.0/24',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '2001:db8::/32',
  '3fff::/20',
];

/** Names of cloud metadata services, blocked in every mode before any DNS lookup. */
export const METADATA_NAMES: readonly string[] = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
];

/**
 * Parses `network/prefix` (or a bare address = a single host). The network is normalised like any
 * address, so `::ffff:10.0.0.0/104` is `10.0.0.0/8`. Throws on anything else.
 */
export function parseCidr(text: string): Cidr {
  const range = text.trim();
  const network = range.split('/')[0];
  // node:net says what address text is (ipaddr.js reads `10/8` as 0.0.0.10/8); ranges have no zone.
  if (!(isIPv4(network) || isIPv6(network)) || network.includes('%'))
    throw new Error(`"${text}" is not a CIDR range`);
  const rawFamily = isIPv4(network) ? 4 : 6;
  let prefix: number;
  try {
    prefix = range.includes('/') ? ipaddr.parseCIDR(range)[1] : rawFamily === 4 ? 32 : 128;
  } catch (error) {
    throw new Error(`"${text}" is not a CIDR range`, { cause: error });
  }
  const { address, family } = normaliseIp(network);
  if (family === rawFamily) return { network: address, prefix, family };
  // An IPv6 spelling of IPv4 space: keep the part of the prefix that falls on the IPv4 bits.
  return { network: address, prefix: Math.max(0, prefix - 96), family: 4 };
}

import ipaddr from 'ipaddr.js';
import { HostPolicyMode } from '../config/settings';
import { IpAddress, NormalisedHost } from './host-address';
import {
  Cidr,
  DEFAULT_BLOCKED_RANGES,
  METADATA_NAMES,
  STRICT_BLOCKED_RANGES,
  parseCidr,
} from './host-ranges';

export interface HostRulesOptions {
  mode: HostPolicyMode;
  allowCidrs: string[];
  denyCidrs: string[];
}

/**
 * A list of ranges, kept per family because ipaddr.js matches an address against its own family
 * only. Ranges are matched with ipaddr.js rather than node:net BlockList, which is slower here.
 */
class RangeList {
  private readonly ipv4: [ipaddr.IPv4, number][] = [];
  private readonly ipv6: [ipaddr.IPv6, number][] = [];

  constructor(ranges: readonly Cidr[]) {
    for (const { network, prefix, family } of ranges) {
      if (family === 4) this.ipv4.push([ipaddr.IPv4.parse(network), prefix]);
      else this.ipv6.push([ipaddr.IPv6.parse(network), prefix]);
    }
  }

  /** Addresses come normalised, so an IPv6 one is never IPv4-mapped. */
  includes(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    if (ip instanceof ipaddr.IPv6) return this.ipv6.some((range) => ip.match(range));
    if (this.ipv4.some((range) => ip.match(range))) return true;
    if (this.ipv6.length === 0) return false;
    // As BlockList did: an IPv6 range that holds `::ffff:a.b.c.d` (`::/64`, say) holds a.b.c.d.
    const mapped = ip.toIPv4MappedAddress();
    return this.ipv6.some((range) => mapped.match(range));
  }
}

function parseAll(variable: string, ranges: readonly string[]): Cidr[] {
  return ranges.map((range) => {
    try {
      return parseCidr(range);
    } catch (error) {
      throw new Error(`${variable}: ${(error as Error).message}`, { cause: error });
    }
  });
}

/**
 * The decision, on normalised addresses and names (spec §6.2). Precedence, highest first:
 *   1. HOST_DENY_CIDRS — always blocked;
 *   2. HOST_ALLOW_CIDRS — allowed even when the mode blocks it (e.g. `strict` + `10.20.0.0/16`
 *      for a private network the operator trusts);
 *   3. the mode's block list (`default`, or `default` + `strict`).
 * Metadata names are blocked in every mode, whatever the lists say. Any other name (`localhost`
 * included) is judged by the addresses it resolves to, on every dial.
 */
export class HostRules {
  private readonly deny: RangeList;
  private readonly allow: RangeList;
  private readonly blocked: RangeList;
  private readonly defaultBlocked: RangeList;

  constructor(options: HostRulesOptions) {
    this.deny = new RangeList(parseAll('HOST_DENY_CIDRS', options.denyCidrs));
    this.allow = new RangeList(parseAll('HOST_ALLOW_CIDRS', options.allowCidrs));
    const modeRanges =
      options.mode === 'strict'
        ? [...DEFAULT_BLOCKED_RANGES, ...STRICT_BLOCKED_RANGES]
        : DEFAULT_BLOCKED_RANGES;
    this.blocked = new RangeList(modeRanges.map((range) => parseCidr(range)));
    this.defaultBlocked = new RangeList(DEFAULT_BLOCKED_RANGES.map((range) => parseCidr(range)));
  }

  isAddressForbidden({ address, family }: IpAddress): boolean {
    const ip = family === 4 ? ipaddr.IPv4.parse(address) : ipaddr.IPv6.parse(address);
    if (this.deny.includes(ip)) return true;
    if (this.allow.includes(ip)) return false;
    return this.blocked.includes(ip);
  }

  /**
   * A database host reached through an SSH bastion (spec §5.1): the bastion resolves it inside the
   * customer's network, so private ranges are fine there whatever the mode; the `default` blocks
   * (metadata names, link-local and the other never-a-database ranges) still apply, as do the
   * operator's lists (HOST_DENY_CIDRS first, then HOST_ALLOW_CIDRS). A name other than a metadata
   * name cannot be judged here: only the bastion resolves it.
   */
  isForbiddenBehindTunnel(host: NormalisedHost): boolean {
    if (host.kind === 'name') return this.isNameForbidden(host.name);
    if (host.kind === 'invalid') return false;
    const ip = host.family === 4 ? ipaddr.IPv4.parse(host.address) : ipaddr.IPv6.parse(host.address);
    if (this.deny.includes(ip)) return true;
    if (this.allow.includes(ip)) return false;
    return this.defaultBlocked.includes(ip);
  }

  /** Names refused before any lookup (their addresses are still checked after it). */
  isNameForbidden(name: string): boolean {
    return METADATA_NAMES.includes(name);
  }
}

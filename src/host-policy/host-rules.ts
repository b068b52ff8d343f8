import { BlockList } from 'node:net';
import { HostPolicyMode } from '../config/settings';
import { IpAddress } from './host-address';
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

function blockList(ranges: readonly Cidr[]): BlockList {
  const list = new BlockList();
  for (const { network, prefix, family } of ranges)
    list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return list;
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
  private readonly deny: BlockList;
  private readonly allow: BlockList;
  private readonly blocked: BlockList;

  constructor(options: HostRulesOptions) {
    this.deny = blockList(parseAll('HOST_DENY_CIDRS', options.denyCidrs));
    this.allow = blockList(parseAll('HOST_ALLOW_CIDRS', options.allowCidrs));
    const modeRanges =
      options.mode === 'strict'
        ? [...DEFAULT_BLOCKED_RANGES, ...STRICT_BLOCKED_RANGES]
        : DEFAULT_BLOCKED_RANGES;
    this.blocked = blockList(modeRanges.map((range) => parseCidr(range)));
  }

  isAddressForbidden({ address, family }: IpAddress): boolean {
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.deny.check(address, type)) return true;
    if (this.allow.check(address, type)) return false;
    return this.blocked.check(address, type);
  }

  /** Names refused before any lookup (their addresses are still checked after it). */
  isNameForbidden(name: string): boolean {
    return METADATA_NAMES.includes(name);
  }
}

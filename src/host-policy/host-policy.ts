import { Injectable } from '@nestjs/common';

/** An address the policy approved for one host; drivers dial `address`, TLS verifies `host`. */
export interface ApprovedAddress {
  host: string;
  address: string;
  family: 4 | 6;
}

/**
 * Host policy (spec §6.2): the DI token. The implementation is DnsHostPolicy
 * (host-policy.service.ts); the rules and their precedence are in host-rules.ts.
 */
@Injectable()
export abstract class HostPolicy {
  /**
   * True when `host` is an IP literal (in any spelling) that the policy forbids, or a name that
   * is forbidden whatever it resolves to (cloud metadata names). Other names are checked on
   * every dial, after DNS.
   */
  abstract isLiteralForbidden(host: string): boolean;
  /**
   * Resolves `host` once, checks every address, and returns the one to dial. Throws
   * DriverError('FORBIDDEN_HOST' | 'HOST_NOT_FOUND' | 'TIMEOUT', 'resolve').
   */
  abstract resolve(host: string, signal: AbortSignal): Promise<ApprovedAddress>;
  /**
   * True when `host` may not be reached through an SSH bastion (spec §5.1): the `default` policy's
   * metadata names and blocked literals (169.254.169.254, …), whatever the mode; private ranges are
   * allowed there. Names are not resolved (the bastion resolves them).
   */
  abstract isForbiddenBehindTunnel(host: string): boolean;
}

import { Injectable } from '@nestjs/common';

/** An address the policy approved for one host; drivers dial `address`, TLS verifies `host`. */
export interface ApprovedAddress {
  host: string;
  address: string;
  family: 4 | 6;
}

/**
 * Host policy (spec §6.2). PLACEHOLDER — the implementation lands with issue 3.
 */
@Injectable()
export abstract class HostPolicy {
  /** True when `host` is an IP literal (in any spelling) that the policy forbids. Names are never forbidden here. */
  abstract isLiteralForbidden(host: string): boolean;
  /**
   * Resolves `host` once, checks every address, and returns the one to dial. Throws
   * DriverError('FORBIDDEN_HOST' | 'HOST_NOT_FOUND' | 'TIMEOUT', 'resolve').
   */
  abstract resolve(host: string, signal: AbortSignal): Promise<ApprovedAddress>;
}

import { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Settings } from '../config/settings';
import { DriverError } from '../engines/dial-failure';
import { normaliseHost, normaliseIp } from './host-address';
import { ApprovedAddress, HostPolicy } from './host-policy';
import { HostRules } from './host-rules';

/** getaddrinfo's answers for "no such name" (and "not now", which a user sees the same way). */
const NOT_FOUND_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'EAI_FAIL',
]);

const fail = (
  reason: 'FORBIDDEN_HOST' | 'HOST_NOT_FOUND' | 'TIMEOUT' | 'UNKNOWN',
  cause?: unknown,
) => new DriverError(reason, 'resolve', { cause });

/** RFC 6761 §6.4: `.invalid` names never exist, so they are answered without asking DNS. */
const isReservedInvalidName = (name: string) => name === 'invalid' || name.endsWith('.invalid');

/**
 * The host policy of spec §6.2 with the system resolver. One lookup per dial (`all: true`, IPv4
 * first), every answer checked, the first answer returned as the address to dial, so a DNS
 * answer cannot change between the check and the dial.
 */
@Injectable()
export class DnsHostPolicy extends HostPolicy {
  private readonly rules: HostRules;

  constructor(config: ConfigService<Settings, true>) {
    super();
    this.rules = new HostRules(config.get('hostPolicy', { infer: true }));
  }

  isLiteralForbidden(host: string): boolean {
    const normalised = normaliseHost(host);
    if (normalised.kind === 'ip') return this.rules.isAddressForbidden(normalised);
    if (normalised.kind === 'name') return this.rules.isNameForbidden(normalised.name);
    return false;
  }

  isForbiddenBehindTunnel(host: string): boolean {
    return this.rules.isForbiddenBehindTunnel(normaliseHost(host));
  }

  async resolve(host: string, signal: AbortSignal): Promise<ApprovedAddress> {
    if (signal.aborted) throw fail('TIMEOUT');
    const normalised = normaliseHost(host);
    if (normalised.kind === 'invalid') throw fail('HOST_NOT_FOUND');
    if (normalised.kind === 'ip') {
      if (this.rules.isAddressForbidden(normalised)) throw fail('FORBIDDEN_HOST');
      return { host, address: normalised.address, family: normalised.family };
    }
    if (this.rules.isNameForbidden(normalised.name)) throw fail('FORBIDDEN_HOST');
    if (isReservedInvalidName(normalised.name)) throw fail('HOST_NOT_FOUND');
    const answers = (await this.lookupUntilAborted(normalised.name, signal)).map((answer) =>
      normaliseIp(answer.address),
    );
    if (answers.length === 0) throw fail('HOST_NOT_FOUND');
    if (answers.some((answer) => this.rules.isAddressForbidden(answer)))
      throw fail('FORBIDDEN_HOST');
    return { host, address: answers[0].address, family: answers[0].family };
  }

  /** The system resolver; a seam for tests that need a name to resolve to a chosen address. */
  protected lookup(name: string): Promise<LookupAddress[]> {
    return lookup(name, { all: true, verbatim: false });
  }

  /** getaddrinfo cannot be cancelled: on abort we stop waiting and ignore its late answer. */
  private lookupUntilAborted(name: string, signal: AbortSignal): Promise<LookupAddress[]> {
    return new Promise<LookupAddress[]>((resolve, reject) => {
      const onAbort = () => reject(fail('TIMEOUT'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.lookup(name).then(
        (answers) => {
          signal.removeEventListener('abort', onAbort);
          resolve(answers);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          const code = (error as NodeJS.ErrnoException).code;
          reject(
            fail(
              code !== undefined && NOT_FOUND_CODES.has(code) ? 'HOST_NOT_FOUND' : 'UNKNOWN',
              error,
            ),
          );
        },
      );
    });
  }
}

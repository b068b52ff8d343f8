import { Injectable } from '@nestjs/common';
import { ConnectionCredentials } from '../engines/engine';
import { DriverCallContext, DriverTarget } from './database-driver';
import { HostPolicy } from '../host-policy/host-policy';

/**
 * Turns stored settings into what a driver dials: the host is resolved once and checked by the
 * host policy, and the driver connects to `approved.address` (TLS still verifies `host`).
 */
@Injectable()
export class Dialer {
  constructor(private readonly policy: HostPolicy) {}

  /** Throws DriverError('FORBIDDEN_HOST' | 'HOST_NOT_FOUND' | 'TIMEOUT', 'resolve'). */
  async target(
    credentials: ConnectionCredentials,
    context: DriverCallContext,
  ): Promise<DriverTarget> {
    const approved = await this.policy.resolve(credentials.host, context.signal);
    return { ...credentials, approved };
  }
}

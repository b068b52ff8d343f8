import { Injectable } from '@nestjs/common';
import { DriverCallContext } from '../drivers/database-driver';
import { DriverError } from '../engines/dial-failure';
import { SshTunnelCredentials } from '../engines/engine';
import { HostPolicy } from '../host-policy/host-policy';
import { SshTunnel, openSshTunnel } from './ssh-tunnel';

/**
 * The host policy around a tunnel (spec §5.1, §6.2): the database host behind it is checked first
 * (metadata names and link-local literals refused before anything is dialled, private ranges
 * allowed), then the bastion is resolved through the policy like any host and its approved address
 * is what gets dialled. Every failure is at stage `tunnel`.
 */
@Injectable()
export class SshTunnels {
  constructor(private readonly policy: HostPolicy) {}

  async open(
    settings: SshTunnelCredentials,
    destination: { host: string; port: number },
    context: DriverCallContext,
  ): Promise<SshTunnel> {
    this.policy.checkBehindTunnel(destination.host);
    let bastion;
    try {
      bastion = await this.policy.resolve(settings.host, context.signal);
    } catch (error) {
      // The bastion's name: HOST_NOT_FOUND, FORBIDDEN_HOST or TIMEOUT, reported at the tunnel.
      if (error instanceof DriverError)
        throw new DriverError(error.reason, 'tunnel', { cause: error });
      throw error;
    }
    return openSshTunnel({ bastion, settings, destination, context });
  }
}

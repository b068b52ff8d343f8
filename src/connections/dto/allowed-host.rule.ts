import { Injectable } from '@nestjs/common';
import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { HostPolicy } from '../../host-policy/host-policy';

/**
 * Which host a field names, and so which rule of the policy it follows:
 * - `database` (create, import, test before saving): dialled directly, or, when the body has an
 *   `sshTunnel` block, reached through the bastion (spec §5.1: private ranges allowed there, the
 *   default blocks not);
 * - `database-update` (PATCH): as `database`, but a body without `sshTunnel` keeps the stored
 *   tunnel, which the body does not show: the rule that holds behind a tunnel (the weaker one) is
 *   checked here, and the service checks the connection the PATCH makes against the full rule;
 * - `bastion`: an SSH bastion, always dialled directly.
 */
export type HostRole = 'database' | 'database-update' | 'bastion';

const hasTunnel = (body: object): boolean => {
  const tunnel = (body as { sshTunnel?: unknown }).sshTunnel;
  return tunnel !== null && typeof tunnel === 'object';
};

/** FET-0414 at the edge: an IP literal the host policy forbids (names are checked on every dial). */
@Injectable()
@ValidatorConstraint({ name: 'allowedHost' })
export class AllowedHostRule implements ValidatorConstraintInterface {
  constructor(private readonly policy: HostPolicy) {}

  validate(host: unknown, args?: ValidationArguments): boolean {
    if (typeof host !== 'string') return true;
    const role = (args?.constraints?.[0] as HostRole | undefined) ?? 'database';
    const body = (args?.object ?? {}) as { sshTunnel?: unknown };
    const behindTunnel =
      role === 'database'
        ? hasTunnel(body)
        : role === 'database-update'
          ? body.sshTunnel !== null
          : false;
    return behindTunnel
      ? !this.policy.isForbiddenBehindTunnel(host)
      : !this.policy.isLiteralForbidden(host);
  }

  defaultMessage(): string {
    return 'is not allowed by the host policy';
  }
}

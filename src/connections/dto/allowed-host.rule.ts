import { Injectable } from '@nestjs/common';
import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { HostPolicy } from '../../host-policy/host-policy';

/** FET-0414 at the edge: an IP literal the host policy forbids (names are checked on every dial). */
@Injectable()
@ValidatorConstraint({ name: 'allowedHost' })
export class AllowedHostRule implements ValidatorConstraintInterface {
  constructor(private readonly policy: HostPolicy) {}

  validate(host: unknown): boolean {
    return typeof host !== 'string' || !this.policy.isLiteralForbidden(host);
  }

  defaultMessage(): string {
    return 'is not allowed by the host policy';
  }
}

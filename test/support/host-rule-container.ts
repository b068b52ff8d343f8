import { useContainer } from 'class-validator';
import { AllowedHostRule } from '../../src/connections/dto/allowed-host.rule';
import { HostPolicy } from '../../src/host-policy/host-policy';

/** The cloud metadata address, which every policy refuses. */
export const METADATA_ADDRESS = '169.254.169.254';

/**
 * A host policy for validation specs: refuses the IP literals `forbidden` directly, and
 * `behindTunnel` through an SSH bastion; it never resolves a name (validation does not).
 */
export class ForbiddenLiterals extends HostPolicy {
  constructor(
    private readonly forbidden: readonly string[] = [METADATA_ADDRESS],
    private readonly behindTunnel: readonly string[] = forbidden,
  ) {
    super();
  }

  isLiteralForbidden(host: string): boolean {
    return this.forbidden.includes(host);
  }

  resolve(): never {
    throw new Error('not used here');
  }

  isForbiddenBehindTunnel(host: string): boolean {
    return this.behindTunnel.includes(host);
  }
}

/**
 * class-validator's container as configureApp sets it up: the host rule over `policy` comes from the
 * container, any other constraint class is constructed by class-validator.
 */
export function useHostRuleContainer(policy: HostPolicy = new ForbiddenLiterals()): void {
  const rule = new AllowedHostRule(policy);
  useContainer({
    get: <T>(type: unknown): T => (type === AllowedHostRule ? rule : new (type as new () => T)()) as T,
  });
}

import { ValidationArguments } from 'class-validator';
import { hostPolicyOf } from '../../../test/support/default-host-policy';
import { AllowedHostRule, HostRole } from './allowed-host.rule';

const strict = new AllowedHostRule(hostPolicyOf('strict'));
const allowed = (host: string, role: HostRole, body: object) =>
  strict.validate(host, { constraints: [role], object: body } as unknown as ValidationArguments);
const TUNNEL = { host: 'bastion.example.com' };

describe('AllowedHostRule under HOST_POLICY=strict: which rule a host field follows', () => {
  it('a database host: the full rule when dialled directly, the behind-the-tunnel rule with a tunnel in the body', () => {
    expect(allowed('10.0.0.5', 'database', {})).toBe(false);
    expect(allowed('10.0.0.5', 'database', { sshTunnel: null })).toBe(false);
    expect(allowed('10.0.0.5', 'database', { sshTunnel: TUNNEL })).toBe(true);
    expect(allowed('169.254.169.254', 'database', { sshTunnel: TUNNEL })).toBe(false);
    expect(allowed('metadata.google.internal', 'database', { sshTunnel: TUNNEL })).toBe(false);
  });

  it('a PATCH: without sshTunnel the weaker rule here (the service judges the result), null means direct', () => {
    expect(allowed('10.0.0.5', 'database-update', {})).toBe(true);
    expect(allowed('169.254.169.254', 'database-update', {})).toBe(false);
    expect(allowed('10.0.0.5', 'database-update', { sshTunnel: null })).toBe(false);
    expect(allowed('10.0.0.5', 'database-update', { sshTunnel: TUNNEL })).toBe(true);
  });

  it('a bastion is always dialled directly', () => {
    expect(allowed('10.0.0.5', 'bastion', { sshTunnel: TUNNEL })).toBe(false);
    expect(allowed('bastion.example.com', 'bastion', {})).toBe(true);
  });
});

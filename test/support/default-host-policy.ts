import { ConfigService } from '@nestjs/config';
import { HostPolicyMode, Settings } from '../../src/config/settings';
import { DnsHostPolicy } from '../../src/host-policy/host-policy.service';
import { HostPolicy } from '../../src/host-policy/host-policy';

/** The real host policy in `mode` with no allow or deny lists, for unit specs of what uses it. */
export function hostPolicyOf(mode: HostPolicyMode = 'default'): HostPolicy {
  const hostPolicy = { mode, allowCidrs: [], denyCidrs: [] };
  return new DnsHostPolicy({ get: () => hostPolicy } as unknown as ConfigService<Settings, true>);
}

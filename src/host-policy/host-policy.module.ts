import { Global, Module } from '@nestjs/common';
import { DnsHostPolicy } from './host-policy.service';
import { HostPolicy } from './host-policy';

/** The host policy (spec §6.2), for the create/update rule at the edge and for every dial. */
@Global()
@Module({
  providers: [{ provide: HostPolicy, useClass: DnsHostPolicy }],
  exports: [HostPolicy],
})
export class HostPolicyModule {}

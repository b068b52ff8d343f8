import { Global, Module } from '@nestjs/common';
import { HostPolicy } from './host-policy/host-policy';

/** Engines, the registry and the host policy. */
@Global()
@Module({
  providers: [{ provide: HostPolicy, useValue: { isLiteralForbidden: () => false } }],
  exports: [HostPolicy],
})
export class DriversModule {}

import { Module } from '@nestjs/common';
import { SshTunnels } from './ssh-tunnels';

/** SSH tunnels through a bastion (spec §5.1), for the dials that need one. HostPolicy is global. */
@Module({
  providers: [SshTunnels],
  exports: [SshTunnels],
})
export class SshTunnelModule {}

import { Global, Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown';
import { ShutdownSignal } from './shutdown-signal';

/** Graceful shutdown, and the signal that aborts the work still running when it gives up waiting. */
@Global()
@Module({
  providers: [GracefulShutdown, ShutdownSignal],
  exports: [GracefulShutdown, ShutdownSignal],
})
export class ShutdownModule {}

import { Global, Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown';
import { PendingCloses } from './pending-closes';
import { ShutdownSignal } from './shutdown-signal';

/**
 * Graceful shutdown, the signal that aborts the work still running when it gives up waiting, and the
 * database sessions still closing after their answer (which closing the app waits for).
 */
@Global()
@Module({
  providers: [GracefulShutdown, ShutdownSignal, PendingCloses],
  exports: [GracefulShutdown, ShutdownSignal, PendingCloses],
})
export class ShutdownModule {}

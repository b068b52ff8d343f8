import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConnectionsModule } from '../connections/connections.module';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ConnectionsModule],
  controllers: [HealthController],
})
export class HealthModule {}

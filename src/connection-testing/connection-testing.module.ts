import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { ConnectionTestingController } from './connection-testing.controller';
import { ConnectionTester } from './connection-tester';

/** POST /v1/management/connections/{id}/test (spec §3.6). Drivers and rate limits are global. */
@Module({
  imports: [ConnectionsModule],
  controllers: [ConnectionTestingController],
  providers: [ConnectionTester],
})
export class ConnectionTestingModule {}

import { Module } from '@nestjs/common';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { AllowedHostRule } from './dto/allowed-host.rule';
import { ConnectionPersistenceModule } from './persistence/connection-persistence.module';

@Module({
  imports: [ConnectionPersistenceModule],
  controllers: [ConnectionsController],
  providers: [ConnectionsService, AllowedHostRule],
  exports: [ConnectionsService, ConnectionPersistenceModule],
})
export class ConnectionsModule {}

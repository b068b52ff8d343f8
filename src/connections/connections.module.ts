import { Module } from '@nestjs/common';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { AllowedHostRule } from './dto/allowed-host.rule';
import { ConnectionRepository } from './persistence/connection.repository';
import { TypeOrmConnectionRepository } from './persistence/typeorm-connection.repository';

@Module({
  controllers: [ConnectionsController],
  providers: [
    ConnectionsService,
    AllowedHostRule,
    { provide: ConnectionRepository, useClass: TypeOrmConnectionRepository },
  ],
  exports: [ConnectionsService, ConnectionRepository],
})
export class ConnectionsModule {}

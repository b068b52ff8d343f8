import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionEntity } from './connection.entity';
import { ConnectionRepository } from './connection.repository';
import { HistoryEventEntity } from './history-event.entity';
import { HistoryRepository } from './history.repository';
import { ProvisioningStore } from './provisioning-store';
import { TypeOrmConnectionRepository } from './typeorm-connection.repository';
import { TypeOrmHistoryRepository } from './typeorm-history.repository';
import { TypeOrmProvisioningStore } from './typeorm-provisioning-store';

/**
 * The connection store and its history behind their ports, for the service, provisioning and
 * commands such as key rotation.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ConnectionEntity, HistoryEventEntity])],
  providers: [
    { provide: ConnectionRepository, useClass: TypeOrmConnectionRepository },
    { provide: HistoryRepository, useClass: TypeOrmHistoryRepository },
    { provide: ProvisioningStore, useClass: TypeOrmProvisioningStore },
  ],
  exports: [ConnectionRepository, HistoryRepository, ProvisioningStore],
})
export class ConnectionPersistenceModule {}

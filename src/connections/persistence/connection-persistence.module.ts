import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionEntity } from './connection.entity';
import { ConnectionRepository } from './connection.repository';
import { ProvisioningStore } from './provisioning-store';
import { TypeOrmConnectionRepository } from './typeorm-connection.repository';
import { TypeOrmProvisioningStore } from './typeorm-provisioning-store';

/** The connection store behind its ports, for the service, provisioning and commands such as key rotation. */
@Module({
  imports: [TypeOrmModule.forFeature([ConnectionEntity])],
  providers: [
    { provide: ConnectionRepository, useClass: TypeOrmConnectionRepository },
    { provide: ProvisioningStore, useClass: TypeOrmProvisioningStore },
  ],
  exports: [ConnectionRepository, ProvisioningStore],
})
export class ConnectionPersistenceModule {}

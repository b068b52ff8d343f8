import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConnectionEntity } from './connection.entity';
import { ConnectionRepository } from './connection.repository';
import { TypeOrmConnectionRepository } from './typeorm-connection.repository';

/** The connection store behind its port, for the service and for commands such as key rotation. */
@Module({
  imports: [TypeOrmModule.forFeature([ConnectionEntity])],
  providers: [{ provide: ConnectionRepository, useClass: TypeOrmConnectionRepository }],
  exports: [ConnectionRepository],
})
export class ConnectionPersistenceModule {}

import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DriverRegistry } from './driver-registry';
import { MongoDbDriver } from './mongodb/mongodb.driver';
import { MysqlDriver } from './mysql/mysql.driver';
import { OracleDriver } from './oracle/oracle.driver';
import { PostgresDriver } from './postgres/postgres.driver';
import { SqlServerDriver } from './sqlserver/sqlserver.driver';

/**
 * The engines and their registry. An engine is one `@EngineDriver()`
 * provider: one line here, or a module of its own anywhere in the application (README, "Adding an engine").
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    DriverRegistry,
    PostgresDriver,
    MysqlDriver,
    SqlServerDriver,
    OracleDriver,
    MongoDbDriver,
  ],
  exports: [DriverRegistry],
})
export class DriversModule {}

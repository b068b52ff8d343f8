import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HostPolicyModule } from '../host-policy/host-policy.module';
import { Dialer } from './dialer';
import { DriverRegistry } from './driver-registry';
import { MongoDbDriver } from './mongodb/mongodb.driver';
import { MysqlDriver } from './mysql/mysql.driver';
import { OracleDriver } from './oracle/oracle.driver';
import { PostgresDriver } from './postgres/postgres.driver';
import { SqlServerDriver } from './sqlserver/sqlserver.driver';

/**
 * The engines, their registry and the dialer. An engine is one `@EngineDriver()`
 * provider: one line here, or a module of its own anywhere in the application (README, "Adding an engine").
 */
@Global()
@Module({
  imports: [DiscoveryModule, HostPolicyModule],
  providers: [
    Dialer,
    DriverRegistry,
    PostgresDriver,
    MysqlDriver,
    SqlServerDriver,
    OracleDriver,
    MongoDbDriver,
  ],
  exports: [DriverRegistry, Dialer],
})
export class DriversModule {}

import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Dialer } from './dialer';
import { DriverRegistry } from './driver-registry';
import { DnsHostPolicy } from './host-policy/host-policy.service';
import { HostPolicy } from './host-policy/host-policy';
import { MongoDbDriver } from './mongodb/mongodb.driver';
import { MysqlDriver } from './mysql/mysql.driver';
import { OracleDriver } from './oracle/oracle.driver';
import { PostgresDriver } from './postgres/postgres.driver';
import { SqlServerDriver } from './sqlserver/sqlserver.driver';

/**
 * The engines, their registry, the host policy and the dialer. An engine is one `@EngineDriver()`
 * provider: one line here, or a module of its own anywhere in the application (docs/drivers-core.md).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: HostPolicy, useClass: DnsHostPolicy },
    Dialer,
    DriverRegistry,
    PostgresDriver,
    MysqlDriver,
    SqlServerDriver,
    OracleDriver,
    MongoDbDriver,
  ],
  exports: [DriverRegistry, Dialer, HostPolicy],
})
export class DriversModule {}

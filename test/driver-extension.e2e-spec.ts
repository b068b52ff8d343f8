import { Injectable, Module, Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { validateEnvironment } from '../src/config/validate-environment';
import { ENGINE_TYPES, EngineType } from '../src/engines/engine';
import { DatabaseDriver, DiscoveredTable, ProbeResult } from '../src/drivers/database-driver';
import { DriverRegistry } from '../src/drivers/driver-registry';
import { DriversModule } from '../src/drivers/drivers.module';
import { EngineDriver } from '../src/drivers/engine-driver.decorator';
import { MongoDbDriver } from '../src/drivers/mongodb/mongodb.driver';
import { MysqlDriver } from '../src/drivers/mysql/mysql.driver';
import { PostgresDriver } from '../src/drivers/postgres/postgres.driver';

/** What an outside team ships: its own module with one `@EngineDriver()` class (a stub engine). */
@EngineDriver()
@Injectable()
class DuckDbDriver implements DatabaseDriver {
  readonly type = 'DUCKDB' as EngineType;
  probe(): Promise<ProbeResult> {
    return Promise.resolve({ serverVersion: 'DuckDB 1.1', stages: {} });
  }
  discover(): Promise<DiscoveredTable[]> {
    return Promise.resolve([]);
  }
}

@Module({ providers: [DuckDbDriver] })
class DuckDbModule {}

/** An outside module that (wrongly) brings a second PostgreSQL driver. */
@EngineDriver()
@Injectable()
class AnotherPostgresDriver extends DuckDbDriver {
  override readonly type = 'POSTGRESQL' as const;
}

@Module({ providers: [AnotherPostgresDriver] })
class AnotherPostgresModule {}

const config = ConfigModule.forRoot({
  isGlobal: true,
  ignoreEnvFile: true,
  validate: () => validateEnvironment({}),
});

async function boot(...imports: Type[]) {
  const moduleRef = await Test.createTestingModule({ imports: [config, ...imports] }).compile();
  return moduleRef.init();
}

describe('adding an engine from outside the drivers module', () => {
  it('finds the outside module’s driver next to the five built-in engines', async () => {
    const app = await boot(DriversModule, DuckDbModule);
    const registry = app.get(DriverRegistry);
    expect(registry.get('DUCKDB' as EngineType)).toBeInstanceOf(DuckDbDriver);
    await expect(
      registry.get('DUCKDB' as EngineType).probe(undefined as never, undefined as never),
    ).resolves.toMatchObject({
      serverVersion: 'DuckDB 1.1',
    });
    expect(registry.get('POSTGRESQL')).toBeInstanceOf(PostgresDriver);
    expect(registry.types().sort()).toEqual([...ENGINE_TYPES, 'DUCKDB'].sort());
    await app.close();
  });

  it('fails boot, naming both classes, when an outside module adds a second driver for an engine', async () => {
    await expect(boot(DriversModule, AnotherPostgresModule)).rejects.toThrow(
      'Every engine needs exactly one @EngineDriver() provider: POSTGRESQL has 2 drivers (PostgresDriver, AnotherPostgresDriver).',
    );
  });

  it('fails boot, naming the engines, when the registry is missing some', async () => {
    @Module({
      imports: [DiscoveryModule],
      providers: [DriverRegistry, PostgresDriver, MysqlDriver, MongoDbDriver],
    })
    class IncompleteDriversModule {}
    await expect(boot(IncompleteDriversModule)).rejects.toThrow(
      'Every engine needs exactly one @EngineDriver() provider: ORACLE has no driver; SQL_SERVER has no driver.',
    );
  });
});

import { Injectable, Module, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ENGINE_TYPES, EngineType } from '../engines/engine';
import { DatabaseDriver, ProbeResult } from './database-driver';
import { DriverRegistry } from './driver-registry';
import { EngineDriver } from './engine-driver.decorator';

/** A distinct `@EngineDriver()` class for `type` (fake: these tests are about wiring, not dialing). */
function fakeDriver(type: string, name = `Fake${type}Driver`): Type<DatabaseDriver> {
  @EngineDriver()
  @Injectable()
  class FakeDriver implements DatabaseDriver {
    readonly type = type as EngineType;
    probe(): Promise<ProbeResult> {
      return Promise.resolve({ serverVersion: `${type} fake`, stages: {} });
    }
    discover() {
      return Promise.resolve([]);
    }
  }
  Object.defineProperty(FakeDriver, 'name', { value: name });
  return FakeDriver;
}

async function boot(...drivers: Type<DatabaseDriver>[]) {
  @Module({ imports: [DiscoveryModule], providers: [DriverRegistry, ...drivers] })
  class RegistryTestModule {}
  const moduleRef = await Test.createTestingModule({ imports: [RegistryTestModule] }).compile();
  return moduleRef.init();
}

const allEngines = () => ENGINE_TYPES.map((type) => fakeDriver(type));

describe('DriverRegistry (fake drivers)', () => {
  it('finds one driver per engine and hands it out by type', async () => {
    const app = await boot(...allEngines());
    const registry = app.get(DriverRegistry);
    for (const type of ENGINE_TYPES) expect(registry.get(type).type).toBe(type);
    expect(registry.types().sort()).toEqual([...ENGINE_TYPES].sort());
    await app.close();
  });

  it('fails boot naming every engine without a driver', async () => {
    const [, , postgres] = allEngines();
    await expect(boot(postgres)).rejects.toThrow(
      'Every engine needs exactly one @EngineDriver() provider: ORACLE has no driver; SQL_SERVER has no driver; MONGODB has no driver; MYSQL has no driver.',
    );
  });

  it('fails boot when an engine has two drivers, naming both', async () => {
    await expect(boot(...allEngines(), fakeDriver('MYSQL', 'OtherMysqlDriver'))).rejects.toThrow(
      'MYSQL has 2 drivers (FakeMYSQLDriver, OtherMysqlDriver)',
    );
  });

  it('ignores providers that are not marked', async () => {
    @Injectable()
    class NotADriver {
      readonly type = 'POSTGRESQL';
    }
    const app = await boot(...allEngines(), NotADriver as Type<DatabaseDriver>);
    expect(app.get(DriverRegistry).types()).toHaveLength(ENGINE_TYPES.length);
    await app.close();
  });
});

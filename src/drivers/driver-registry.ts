import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ENGINE_TYPES, EngineType } from '../engines/engine';
import { DatabaseDriver } from './database-driver';
import { EngineDriver } from './engine-driver.decorator';

/** Boot stops with this when the drivers found do not cover every engine exactly once. */
export class DriverRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriverRegistryError';
  }
}

const isDriver = (value: unknown): value is DatabaseDriver =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as DatabaseDriver).type === 'string' &&
  typeof (value as DatabaseDriver).probe === 'function' &&
  typeof (value as DatabaseDriver).discover === 'function';

/**
 * Every `@EngineDriver()` provider of the application, by engine type (found through Nest's
 * DiscoveryService, so a driver may live in any module). Boot fails when an engine of
 * ENGINE_TYPES has no driver or any type has two.
 */
@Injectable()
export class DriverRegistry implements OnModuleInit {
  private readonly drivers = new Map<string, DatabaseDriver>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const owners = new Map<string, string[]>();
    const found = new Map<string, DatabaseDriver>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: EngineDriver.KEY })) {
      const name =
        wrapper.name === undefined ? 'an @EngineDriver() provider' : String(wrapper.name);
      if (!wrapper.isDependencyTreeStatic()) {
        throw new DriverRegistryError(
          `Engine driver ${name} must be a singleton provider (no request scope).`,
        );
      }
      const driver: unknown = wrapper.instance;
      if (!isDriver(driver)) {
        throw new DriverRegistryError(
          `Engine driver ${name} does not implement DatabaseDriver (type, probe, discover).`,
        );
      }
      owners.set(driver.type, [...(owners.get(driver.type) ?? []), name]);
      found.set(driver.type, driver);
    }
    const problems = [
      ...[...owners]
        .filter(([, names]) => names.length > 1)
        .map(([type, names]) => `${type} has ${names.length} drivers (${names.join(', ')})`),
      ...ENGINE_TYPES.filter((type) => !found.has(type)).map((type) => `${type} has no driver`),
    ];
    if (problems.length > 0) {
      throw new DriverRegistryError(
        `Every engine needs exactly one @EngineDriver() provider: ${problems.join('; ')}.`,
      );
    }
    for (const [type, driver] of found) this.drivers.set(type, driver);
  }

  /** The driver of `type`; throws when there is none (impossible after a successful boot). */
  get(type: EngineType): DatabaseDriver {
    const driver = this.drivers.get(type);
    if (!driver) throw new DriverRegistryError(`No driver for engine ${type}.`);
    return driver;
  }

  /** Every engine type with a driver, including engines added by other modules. */
  types(): string[] {
    return [...this.drivers.keys()];
  }
}

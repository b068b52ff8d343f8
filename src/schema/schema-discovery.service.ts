import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { Settings } from '../config/settings';
import { Connection } from '../connections/domain/connection';
import { ConnectionsService, Scope } from '../connections/connections.service';
import { callContext } from '../drivers/call-context';
import { DiscoveredTable } from '../drivers/database-driver';
import { Dialer } from '../drivers/dialer';
import { DriverRegistry } from '../drivers/driver-registry';
import { SchemaCache, SchemaSnapshot, schemaCacheKey } from './cache/schema-cache';
import { discoveryFailure } from './discovery-errors';

export interface Discovery {
  connection: Connection;
  discoveredAt: Date;
  tables: DiscoveredTable[];
}

const snapshotOf = (tables: DiscoveredTable[], discoveredAt: Date): SchemaSnapshot => {
  // Own properties only: a customer's table may be called `__proto__` or `constructor`.
  const byName = Object.fromEntries(
    tables.map((table) => [table.name, table.columns.map((column) => column.name)]),
  );
  return { discoveredAt: discoveredAt.toISOString(), tables: byName };
};

/**
 * Discovery of a connection's catalog: live (GET /schema, which refreshes the cache) or through
 * the cache while fresh (validate-schema). One overall deadline per discovery.
 */
@Injectable()
export class SchemaDiscoveryService {
  /** Live discoveries in flight per cache key, so a burst of cold validations dials once. */
  private readonly inFlight = new Map<string, Promise<SchemaSnapshot>>();

  constructor(
    private readonly connections: ConnectionsService,
    private readonly dialer: Dialer,
    private readonly drivers: DriverRegistry,
    private readonly cache: SchemaCache,
    private readonly rateLimiter: RateLimiter,
    private readonly config: ConfigService<Settings, true>,
  ) {}

  /** GET /schema: live, rate limited per connection; an unfiltered discovery refreshes the cache. */
  async discover(scope: Scope, id: string, schemas?: string[]): Promise<Discovery> {
    const connection = await this.connections.get(scope, id);
    await this.throttle(`schema:${connection.id}`);
    const discoveredAt = new Date();
    let tables: DiscoveredTable[];
    try {
      tables = await this.read(connection, schemas);
    } catch (error) {
      throw discoveryFailure(error);
    }
    if (!schemas)
      await this.cache.set(schemaCacheKey(connection), snapshotOf(tables, discoveredAt));
    return { connection, discoveredAt, tables };
  }

  /** The cached snapshot of the connection's current version while fresh, else undefined. */
  cached(connection: Connection): Promise<SchemaSnapshot | undefined> {
    return this.cache.get(schemaCacheKey(connection));
  }

  /**
   * A live discovery of every schema, stored in the cache. Throws the driver's DriverError or
   * CatalogReadError as they are (the caller decides what they mean for it).
   */
  refresh(connection: Connection): Promise<SchemaSnapshot> {
    const key = schemaCacheKey(connection);
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = (async () => {
      const discoveredAt = new Date();
      const snapshot = snapshotOf(await this.read(connection, undefined), discoveredAt);
      await this.cache.set(key, snapshot);
      return snapshot;
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  async throttle(key: string): Promise<void> {
    const limit = this.config.get('drivers', { infer: true }).testRateLimit;
    const decision = await this.rateLimiter.consume(key, limit, 60_000);
    if (!decision.allowed) {
      throw new FetException(FetErrorCode.RateLimitExceeded, {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      });
    }
  }

  private async read(
    connection: Connection,
    schemas: string[] | undefined,
  ): Promise<DiscoveredTable[]> {
    const { discoveryTimeoutMs, mongodbSampleSize } = this.config.get('drivers', { infer: true });
    const context = callContext(discoveryTimeoutMs);
    const target = await this.dialer.target(this.connections.credentialsOf(connection), context);
    return this.drivers
      .get(connection.type)
      .discover(target, { schemas, sampleSize: mongodbSampleSize }, context);
  }
}

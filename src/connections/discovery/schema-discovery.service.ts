import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Settings } from '../../config/settings';
import { DiscoveryOptions, DriverError, Stage } from '../../drivers/database-driver';
import { PackedSchema } from '../../schema/cache/packed-schema';
import { SchemaCache, schemaCacheKey } from '../../schema/cache/schema-cache';
import { Scope } from '../connections.service';
import { ConnectionDialing } from '../dialing/connection-dialing';
import { Connection } from '../domain/connection';
import { AuditContext } from '../history/audit-context';
import { ConnectionHistoryService } from '../history/connection-history.service';
import { SchemaResponseDto } from '../dto/schema-response.dto';
import { DiscoveredCatalog, Discovery } from './discovered-catalog';
import { discoveryFailure, failedDiscoveryOutcome } from './discovery-errors';

/** What GET /schema may narrow a discovery to (spec §3.7): schemas and `tables=` globs. */
export type DiscoveryFilter = Pick<DiscoveryOptions, 'schemas' | 'tables'>;

/**
 * Discovery of a connection's catalog: live (GET /schema, which refreshes the cache) or through
 * the cache while fresh (validate-schema). One overall deadline per discovery.
 */
@Injectable()
export class SchemaDiscoveryService {
  /** Live discoveries in flight per cache key, so a burst of cold validations dials once. */
  private readonly inFlight = new Map<string, Promise<PackedSchema>>();

  constructor(
    private readonly dialing: ConnectionDialing,
    private readonly cache: SchemaCache,
    private readonly config: ConfigService<Settings, true>,
    private readonly history: ConnectionHistoryService,
  ) {}

  /**
   * GET /schema: live, rate limited per connection. Only an unfiltered discovery refreshes the
   * cache: a slice (`schema=` or `tables=`) must never stand in for the whole catalog that
   * validate-schema reads. A discovery that ran (answered 200 or 502) is recorded in the
   * connection's history (`discovered`, with its outcome); one refused (a forbidden host) is not.
   */
  async discover(
    scope: Scope,
    id: string,
    audit: AuditContext,
    filter: DiscoveryFilter = {},
  ): Promise<Discovery> {
    const connection = await this.dialing.admit(scope, id, 'discovery');
    const discoveredAt = new Date();
    const catalog = new DiscoveredCatalog(SchemaResponseDto.tablesJson);
    try {
      await this.read(connection, filter, catalog);
    } catch (error) {
      const outcome = failedDiscoveryOutcome(error);
      if (outcome) await this.history.recordRun(audit, connection, 'discovered', outcome);
      throw discoveryFailure(error);
    }
    if (!filter.schemas && !filter.tables)
      await this.cache.set(schemaCacheKey(connection), catalog.snapshot(discoveredAt));
    await this.history.recordRun(audit, connection, 'discovered', { status: 'success' });
    return { connection, discoveredAt, catalog };
  }

  /** The cached snapshot of the connection's current version while fresh, else undefined. */
  cached(connection: Connection): Promise<PackedSchema | undefined> {
    return this.cache.get(schemaCacheKey(connection));
  }

  /**
   * A live discovery of every schema, stored in the cache. Throws the driver's DriverError or
   * CatalogReadError as they are (the caller decides what they mean for it).
   */
  refresh(connection: Connection): Promise<PackedSchema> {
    const key = schemaCacheKey(connection);
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = (async () => {
      const discoveredAt = new Date();
      const catalog = new DiscoveredCatalog();
      await this.read(connection, {}, catalog);
      return this.cache.set(key, catalog.snapshot(discoveredAt));
    })().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /**
   * One live read of the catalog into `catalog`, under the discovery deadline: batch by batch
   * when the engine's driver can hand it over so (discoverInBatches), else its discover() result.
   */
  private read(
    connection: Connection,
    filter: DiscoveryFilter,
    catalog: DiscoveredCatalog,
  ): Promise<void> {
    const { mongodbSampleSize } = this.config.get('drivers', { infer: true });
    const dial = this.dialing.start(connection, 'discovery');
    const { driver, context } = dial;
    const options = { ...filter, sampleSize: mongodbSampleSize };
    let stage: Stage = dial.tunnelled ? 'tunnel' : 'resolve';
    const read = () =>
      dial.withTarget(
        async (target) => {
          if (driver.discoverInBatches)
            await driver.discoverInBatches(target, options, context, catalog.add);
          else catalog.add(await driver.discover(target, options, context));
        },
        () => (stage = 'connect'),
      );
    return dial.withinDeadline(read(), () => {
      throw new DriverError('TIMEOUT', stage);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import {
  DatabaseDriver,
  DiscoveredTable,
  DiscoveryOptions,
  DriverCallContext,
  DriverTarget,
  ProbeResult,
  Stage,
} from '../database-driver';
import { CatalogReadError } from '../catalog-read-error';
import { EngineDriver } from '../engine-driver.decorator';
import { CLOSE_GRACE_MS, closeWithin } from '../kit/close-within';
import { untilAborted } from '../kit/until-aborted';
import { DEFAULT_SAMPLE_SIZE, SYSTEM_DATABASES, sampleMongoCollections } from './mongodb-discovery';
import { translateMongoError } from './mongodb-errors';
import {
  mongoClientOptions,
  mongoTlsOptions,
  refuseTopologyThroughTunnel,
} from './mongodb-options';
import { mongoPreflight } from './mongodb-preflight';

type Stages = ProbeResult['stages'];

/**
 * MongoDB through the official `mongodb` driver. Every call: pre-flight (a MongoDB server must
 * answer on the approved address, see mongodb-preflight.ts), then one MongoClient with one
 * connection, closed in `finally`. Through an SSH tunnel: a direct connection to the forward only.
 */
@EngineDriver()
@Injectable()
export class MongoDbDriver implements DatabaseDriver {
  readonly type = 'MONGODB' as const;

  async probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult> {
    const stages: Stages = {};
    const serverVersion = await this.withClient(target, context, stages, async (client) => {
      const started = Date.now();
      const db = client.db(target.databaseName);
      await untilAborted(
        db.command({ ping: 1 }, { signal: context.signal }),
        context.signal,
        'query',
      );
      const info = await untilAborted(
        db.command({ buildInfo: 1 }, { signal: context.signal }),
        context.signal,
        'query',
      );
      stages.query = Date.now() - started;
      return typeof info.version === 'string' ? `MongoDB ${info.version}` : undefined;
    });
    return serverVersion === undefined ? { stages } : { serverVersion, stages };
  }

  async discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]> {
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    return this.withClient(target, context, {}, async (client) => {
      if (SYSTEM_DATABASES.has(target.databaseName)) return [];
      return untilAborted(
        sampleMongoCollections(
          client.db(target.databaseName),
          sampleSize,
          context.signal,
          options.tables,
        ),
        context.signal,
        'query',
      );
    });
  }

  /** Pre-flight, connect and authenticate, run `use`, close in finally; errors translated by stage. */
  private async withClient<T>(
    target: DriverTarget,
    context: DriverCallContext,
    stages: Stages,
    use: (client: MongoClient) => Promise<T>,
  ): Promise<T> {
    refuseTopologyThroughTunnel(target);
    const timings = await mongoPreflight(target, mongoTlsOptions(target), context.signal);
    stages.connect = timings.connectMs;
    if (timings.tlsMs !== undefined) stages.tls = timings.tlsMs;

    const { url, options } = mongoClientOptions(target, context);
    const client = new MongoClient(url, options);
    let stage: Stage = 'authenticate';
    try {
      const started = Date.now();
      await untilAborted(client.connect(), context.signal, stage);
      stages.authenticate = Date.now() - started;
      stage = 'query';
      return await use(client);
    } catch (error) {
      if (error instanceof CatalogReadError) throw error;
      throw translateMongoError(error, stage);
    } finally {
      await closeWithin(client.close(), CLOSE_GRACE_MS);
    }
  }
}

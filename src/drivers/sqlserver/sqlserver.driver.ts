import { Injectable } from '@nestjs/common';
import type { Connection } from 'tedious';
import { CatalogReadError, catalogQueryFailure } from '../catalog-read-error';
import {
  DatabaseDriver,
  DiscoveredTable,
  DiscoveryOptions,
  DriverCallContext,
  DriverTarget,
  ProbeResult,
  Stage,
} from '../database-driver';
import { EngineDriver } from '../engine-driver.decorator';
import {
  SQLSERVER_CATALOG_SQL,
  SqlServerCatalogRow,
  sqlServerTablesFromRows,
} from './sqlserver-catalog';
import { openConnection, queryRows } from './sqlserver-connection';
import { translateTediousError } from './sqlserver-errors';
import { tediousConfig, wantsTls } from './sqlserver-options';

type Stages = ProbeResult['stages'];

/**
 * SQL Server through tedious (the engine under `mssql`), one connection per call, closed in
 * `finally`. tedious connects, negotiates TLS and logs in as one step, so `authenticate` covers
 * the dial too unless TLS ran (then `tls` is the time until TLS was up).
 */
@EngineDriver()
@Injectable()
export class SqlServerDriver implements DatabaseDriver {
  readonly type = 'SQL_SERVER' as const;

  async probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult> {
    const stages: Stages = {};
    const serverVersion = await this.withConnection(target, context, stages, async (connection) => {
      const started = Date.now();
      const rows = await queryRows<[unknown]>(connection, 'SELECT @@VERSION', context.signal);
      stages.query = Date.now() - started;
      const version = rows[0]?.[0];
      return typeof version === 'string' ? version.split('\n')[0].trim() : undefined;
    });
    return serverVersion ? { serverVersion, stages } : { stages };
  }

  async discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]> {
    return this.withConnection(target, context, {}, async (connection) => {
      let rows: SqlServerCatalogRow[];
      try {
        rows = await queryRows<SqlServerCatalogRow>(
          connection,
          SQLSERVER_CATALOG_SQL,
          context.signal,
        );
      } catch (error) {
        throw catalogQueryFailure(error, translateTediousError(error, 'query'));
      }
      try {
        return sqlServerTablesFromRows(rows, options.schemas, target.schema ?? 'dbo');
      } catch (error) {
        throw new CatalogReadError({ cause: error });
      }
    });
  }

  private async withConnection<T>(
    target: DriverTarget,
    context: DriverCallContext,
    stages: Stages,
    use: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    const serverNumbers: number[] = [];
    let connection: Connection | undefined;
    let stage: Stage = 'authenticate';
    try {
      const started = Date.now();
      const opened = await openConnection(
        tediousConfig(target, context),
        wantsTls(target),
        context.signal,
        serverNumbers,
      );
      connection = opened.connection;
      if (opened.tlsMs !== undefined) stages.tls = opened.tlsMs;
      stages.authenticate = Date.now() - started - (opened.tlsMs ?? 0);
      stage = 'query';
      return await use(connection);
    } catch (error) {
      if (error instanceof CatalogReadError) throw error;
      throw translateTediousError(error, stage, serverNumbers);
    } finally {
      connection?.close();
    }
  }
}

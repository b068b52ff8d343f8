import { Injectable } from '@nestjs/common';
import { CatalogReadError, catalogQueryFailure } from '../catalog-read-error';
import {
  DatabaseDriver,
  DiscoveredTable,
  DiscoveryOptions,
  DriverCallContext,
  DriverTarget,
  ProbeResult,
} from '../database-driver';
import { EngineDriver } from '../engine-driver.decorator';
import {
  sqlServerCatalogQuery,
  SqlServerCatalogRow,
  sqlServerTablesFromRows,
} from './sqlserver-catalog';
import { translateTediousError } from './sqlserver-errors';
import { withSqlServerSession } from './sqlserver-session';

/** The trivial read of a probe: it also reads the server version. */
export const SQLSERVER_PROBE_SQL = 'SELECT @@VERSION';

/** The first line of `@@VERSION`: "Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)". */
export function sqlServerVersion(version: unknown): string | undefined {
  return typeof version === 'string' ? version.split('\n')[0].trim() : undefined;
}

/**
 * SQL Server through `mssql` (tedious underneath): one pool of one connection per call, closed in
 * `finally` (sqlserver-session.ts dials, guards TLS and times the stages).
 */
@EngineDriver()
@Injectable()
export class SqlServerDriver implements DatabaseDriver {
  readonly type = 'SQL_SERVER' as const;

  probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult> {
    return withSqlServerSession(target, context, async (query, clock) => {
      const rows = await query<[unknown]>(SQLSERVER_PROBE_SQL);
      clock.finish();
      const serverVersion = sqlServerVersion(rows[0]?.[0]);
      return serverVersion
        ? { serverVersion, stages: clock.durations }
        : { stages: clock.durations };
    });
  }

  discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]> {
    return withSqlServerSession(target, context, async (query) => {
      const defaultSchema = target.schema ?? 'dbo';
      const catalog = sqlServerCatalogQuery(options, defaultSchema);
      let rows: SqlServerCatalogRow[];
      try {
        rows = await query<SqlServerCatalogRow>(catalog.sql, catalog.values);
      } catch (error) {
        throw catalogQueryFailure(error, translateTediousError(error, 'query'));
      }
      try {
        return sqlServerTablesFromRows(rows, options.schemas, defaultSchema);
      } catch (error) {
        throw new CatalogReadError({ cause: error });
      }
    });
  }
}

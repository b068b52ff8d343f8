import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { catalogReadFailure } from '../catalog-read-error';
import {
  DatabaseDriver,
  DiscoveredTable,
  DiscoveryOptions,
  DriverCallContext,
  DriverTarget,
  ProbeResult,
} from '../database-driver';
import { EngineDriver } from '../engine-driver.decorator';
import { timedProbe } from '../kit/timed-probe';
import { readPostgresCatalogInBatches } from './postgres-catalog';
import { postgresQueryError, withPostgresSession } from './postgres-session';

/** The trivial read of a probe: it also reads the server version. */
export const POSTGRES_PROBE_SQL = `SELECT current_setting('server_version') AS server_version`;

/** "15.20 (Debian 15.20-0+deb12u1)" → "PostgreSQL 15.20". */
export function postgresServerVersion(serverVersion: string): string {
  const [version] = serverVersion.trim().split(/\s+/);
  return `PostgreSQL ${version}`;
}

@EngineDriver()
@Injectable()
export class PostgresDriver implements DatabaseDriver {
  readonly type = 'POSTGRESQL' as const;

  probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult> {
    return withPostgresSession(target, context, (client, clock) =>
      timedProbe(
        clock,
        async () => {
          const result = await client.query<{ server_version: string }>(POSTGRES_PROBE_SQL);
          return postgresServerVersion(result.rows[0].server_version);
        },
        (error) => postgresQueryError(error, 'query', context),
      ),
    );
  }

  async discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]> {
    const tables: DiscoveredTable[] = [];
    await this.discoverInBatches(target, options, context, (batch) => {
      for (const table of batch) tables.push(table);
    });
    return tables;
  }

  discoverInBatches(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
    onTables: (tables: DiscoveredTable[]) => void,
  ): Promise<void> {
    return withPostgresSession(target, context, async (client: Client) => {
      try {
        await readPostgresCatalogInBatches(client, options, target.schema ?? 'public', onTables);
      } catch (error) {
        throw catalogReadFailure(error, context, (cause) =>
          postgresQueryError(cause, 'query', context),
        );
      }
    });
  }
}

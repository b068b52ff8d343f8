import { Injectable } from '@nestjs/common';
import { RowDataPacket } from 'mysql2';
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
import { hasTimedOut } from '../kit/deadline';
import { timedProbe } from '../kit/timed-probe';
import { readMysqlCatalog } from './mysql-catalog';
import { mysqlDriverError } from './mysql-errors';
import { withMysqlSession } from './mysql-session';

/** The trivial read of a probe: it also reads the server version. */
export const MYSQL_PROBE_SQL = 'SELECT VERSION() AS version';

/** "10.11.19-MariaDB-0+deb12u1" → "MariaDB 10.11.19"; "8.0.36" → "MySQL 8.0.36". */
export function mysqlServerVersion(version: string): string {
  const [number] = version.trim().split('-');
  return `${/mariadb/i.test(version) ? 'MariaDB' : 'MySQL'} ${number}`;
}

@EngineDriver()
@Injectable()
export class MysqlDriver implements DatabaseDriver {
  readonly type = 'MYSQL' as const;

  probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult> {
    return withMysqlSession(target, context, (connection, clock) =>
      timedProbe(
        clock,
        async () => {
          const [rows] = await connection.query<RowDataPacket[]>(MYSQL_PROBE_SQL);
          return mysqlServerVersion(String(rows[0].version));
        },
        (error) => mysqlDriverError(error, 'query', hasTimedOut(context)),
      ),
    );
  }

  discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]> {
    return withMysqlSession(target, context, async (connection) => {
      try {
        return await readMysqlCatalog(connection, options, target.databaseName);
      } catch (error) {
        throw catalogReadFailure(error, context, (cause) =>
          mysqlDriverError(cause, 'query', false),
        );
      }
    });
  }
}

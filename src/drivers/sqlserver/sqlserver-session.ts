import { NVarChar } from 'mssql';
import type { Connection } from 'tedious';
import { CatalogReadError } from '../catalog-read-error';
import { DriverCallContext, DriverError, DriverTarget, dialPort } from '../database-driver';
import { CLOSE_GRACE_MS, closeWithin } from '../kit/close-within';
import { hasTimedOut, remainingMs } from '../kit/deadline';
import { StageClock } from '../kit/stage-clock';
import { sqlServerDialer } from './sqlserver-dialer';
import { translateTediousError } from './sqlserver-errors';
import { OneLoginPool } from './sqlserver-one-login-pool';
import { mssqlConfig, wantsTls } from './sqlserver-options';

/**
 * Runs one statement on the session's connection and returns its rows as arrays of values: a SQL
 * batch, or, when it takes values, a parameterized request (sp_executesql) with each value bound
 * as NVARCHAR `@name`.
 */
export type SqlServerQuery = <T extends unknown[]>(
  sql: string,
  values?: Record<string, string>,
) => Promise<T[]>;

/**
 * Opens one `mssql` pool of one connection to the approved address, runs `use`, closes everything
 * in `finally`.
 *
 * Stages are measured on the wire: the service's own connector dials the socket (`connect` ends
 * at its 'connect'), `tls` ends at tedious' `secure` event, `authenticate` when the login is
 * accepted, and `use` runs in `query`. SQL Server error numbers the server sends during login are
 * collected through `beforeConnect` (tedious drops them from its login error). Aborting the call's
 * signal cancels the request and destroys the sockets; the call fails with TIMEOUT at the stage in
 * progress.
 */
export async function withSqlServerSession<T>(
  target: DriverTarget,
  context: DriverCallContext,
  use: (query: SqlServerQuery, clock: StageClock) => Promise<T>,
): Promise<T> {
  const clock = new StageClock('connect');
  if (hasTimedOut(context)) throw new DriverError('TIMEOUT', 'connect');
  const requireTls = wantsTls(target);
  const serverNumbers: number[] = [];
  const dialer = sqlServerDialer(target.approved.address, dialPort(target), requireTls, () => {
    if (clock.current === 'connect') clock.advance(requireTls ? 'tls' : 'authenticate');
  });
  const config = mssqlConfig(target, context);
  const pool = new OneLoginPool({
    ...config,
    options: { ...config.options, connector: dialer.connector },
    beforeConnect: (connection: Connection) => {
      connection.on('errorMessage', (token: { number: number }) =>
        serverNumbers.push(token.number),
      );
      connection.on('secure', () => {
        dialer.tlsUp();
        if (clock.current === 'tls') clock.advance('authenticate');
      });
    },
  });
  pool.on('error', () => undefined);
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new DriverError('TIMEOUT', clock.current, { cause: context.signal.reason }));
      dialer.close();
    };
  });
  aborted.catch(() => undefined);
  if (context.signal.aborted) onAbort();
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await Promise.race([pool.connect(), aborted]);
    } catch (error) {
      throw translateTediousError(error, clock.current, serverNumbers);
    }
    clock.advance('query');
    const query: SqlServerQuery = async <R extends unknown[]>(
      sql: string,
      values?: Record<string, string>,
    ): Promise<R[]> => {
      const request = pool.request();
      const cancel = (): void => request.cancel();
      context.signal.addEventListener('abort', cancel, { once: true });
      try {
        if (values)
          for (const [name, value] of Object.entries(values)) request.input(name, NVarChar, value);
        const run = values ? request.query(sql) : request.batch(sql);
        const result = await Promise.race([run, aborted]);
        const rows: unknown[] = result.recordset ?? [];
        return rows as R[];
      } finally {
        context.signal.removeEventListener('abort', cancel);
      }
    };
    try {
      return await use(query, clock);
    } catch (error) {
      if (error instanceof CatalogReadError) throw error;
      throw translateTediousError(error, 'query', serverNumbers);
    }
  } finally {
    context.signal.removeEventListener('abort', onAbort);
    if (!pool.connecting)
      await closeWithin(pool.closeAll(), Math.min(CLOSE_GRACE_MS, remainingMs(context)));
    dialer.close();
  }
}

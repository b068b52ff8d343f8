import { Connection, ConnectionConfiguration, Request } from 'tedious';
import { DriverError } from '../database-driver';
import { TlsDowngradeRefused } from './sqlserver-errors';

/** A connected tedious connection plus what the driver learnt while connecting. */
export interface OpenedConnection {
  connection: Connection;
  /** Milliseconds until TLS was up, when TLS ran. */
  tlsMs?: number;
}

const PRELOGIN_ENCRYPTION = /^\s*PreLogin - .*encryption:0x[0-9A-F]{2}\((\w*)\)/;

/**
 * Opens one tedious connection, bounded by `signal` (abort closes it). With `requireTls`, a server
 * whose pre-login answer does not turn encryption on is refused before LOGIN7 is sent, so a
 * password never travels in plain text because of a downgrade (tedious would silently go on).
 * SQL Server error numbers the server sends are pushed to `serverNumbers` (tedious drops the
 * number from its own login error). On failure the connection is closed before rejecting.
 */
export function openConnection(
  config: ConnectionConfiguration,
  requireTls: boolean,
  signal: AbortSignal,
  serverNumbers: number[],
): Promise<OpenedConnection> {
  const started = Date.now();
  const connection = new Connection(config);
  const opened: OpenedConnection = { connection };
  connection.on('errorMessage', (token: { number: number }) => serverNumbers.push(token.number));
  connection.on('error', () => undefined);
  connection.on('secure', () => {
    opened.tlsMs = Date.now() - started;
  });
  if (requireTls) {
    connection.on('debug', (text: string) => {
      const answer = PRELOGIN_ENCRYPTION.exec(text)?.[1];
      if (answer !== undefined && answer !== 'ON' && answer !== 'REQ')
        throw new TlsDowngradeRefused();
    });
  }
  return new Promise<OpenedConnection>((resolve, reject) => {
    const onAbort = (): void => {
      connection.close();
      reject(
        new DriverError('TIMEOUT', opened.tlsMs === undefined ? 'connect' : 'authenticate', {
          cause: signal.reason,
        }),
      );
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    connection.connect((error) => {
      signal.removeEventListener('abort', onAbort);
      if (error) {
        connection.close();
        reject(error);
      } else {
        resolve(opened);
      }
    });
  });
}

/** Runs one SQL batch and returns its rows as arrays of values; abort cancels the request. */
export function queryRows<T extends unknown[]>(
  connection: Connection,
  sql: string,
  signal: AbortSignal,
): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const rows: T[] = [];
    const onAbort = (): void => {
      connection.cancel();
      reject(new DriverError('TIMEOUT', 'query', { cause: signal.reason }));
    };
    if (signal.aborted) return onAbort();
    const request = new Request(sql, (error) => {
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(rows);
    });
    request.on('row', (columns: { value: unknown }[]) =>
      rows.push(columns.map((column) => column.value) as T),
    );
    signal.addEventListener('abort', onAbort, { once: true });
    connection.execSqlBatch(request);
  });
}

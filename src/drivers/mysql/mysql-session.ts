import { connect } from 'node:net';
import { Connection as CoreConnection, createConnection } from 'mysql2';
import { Connection } from 'mysql2/promise';
import { DriverCallContext, DriverError, DriverTarget, dialPort } from '../database-driver';
import { CLOSE_GRACE_MS, closeWithin } from '../kit/close-within';
import { hasTimedOut, remainingMs } from '../kit/deadline';
import { nativeField } from '../kit/native-error';
import { StageClock } from '../kit/stage-clock';
import { mysqlDriverError } from './mysql-errors';
import {
  MARIADB_STATEMENT_TIMEOUT_SQL,
  mysqlConnectionOptions,
  MYSQL_READ_ONLY_SQL,
  MYSQL_STATEMENT_TIMEOUT_SQL,
} from './mysql-options';

/** ER_UNKNOWN_SYSTEM_VARIABLE: MySQL has no max_statement_time (MariaDB's). */
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

interface TlsUpgrading {
  startTLS(onSecure: (error?: Error) => void): void;
}

/**
 * Calls `onSecure` when mysql2 finishes the TLS handshake. mysql2 has no event for it, so its
 * (undocumented) per-connection `startTLS(onSecure)` is wrapped. If a future mysql2 renames it,
 * nothing breaks: the TLS time is then reported inside `authenticate`.
 */
function observeTls(core: CoreConnection, onSecure: () => void): boolean {
  const upgrading = core as unknown as Partial<TlsUpgrading>;
  const startTLS = upgrading.startTLS;
  if (typeof startTLS !== 'function') return false;
  upgrading.startTLS = (done) =>
    startTLS.call(core, (error?: Error) => {
      if (!error) onSecure();
      done(error);
    });
  return true;
}

function handshake(core: CoreConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    core.once('connect', () => resolve());
    core.once('error', reject);
  });
}

/** Read-only session, and a statement timeout bounded by the deadline (MariaDB, else MySQL). */
async function limitSession(connection: Connection, context: DriverCallContext): Promise<void> {
  await connection.query(MYSQL_READ_ONLY_SQL);
  const remaining = remainingMs(context);
  try {
    await connection.query(MARIADB_STATEMENT_TIMEOUT_SQL, [remaining / 1000]);
  } catch (error) {
    if (nativeField(error, 'errno') !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
    await connection.query(MYSQL_STATEMENT_TIMEOUT_SQL, [remaining]);
  }
}

/**
 * Opens one mysql2 connection to the approved address, limits the session, runs `use`, closes in
 * `finally`. Stages: `connect` ends at the TCP socket's 'connect' (the service dials the socket
 * itself and hands it to mysql2); with TLS, `tls` ends when mysql2's TLS upgrade completes (server
 * greeting + SSLRequest + handshake); `authenticate` ends when the handshake is accepted; the
 * session settings and `use` run in `query`. Aborting the call's signal destroys the connection and
 * fails the call with TIMEOUT at the stage in progress.
 */
export async function withMysqlSession<T>(
  target: DriverTarget,
  context: DriverCallContext,
  use: (connection: Connection, clock: StageClock) => Promise<T>,
): Promise<T> {
  const clock = new StageClock('connect');
  if (hasTimedOut(context)) throw new DriverError('TIMEOUT', 'connect');
  const options = mysqlConnectionOptions(target, context);
  const socket = connect({ host: target.approved.address, port: dialPort(target) });
  socket.setNoDelay(true);
  const observeTlsStage = options.ssl !== undefined;
  const core = createConnection({ ...options, stream: () => socket });
  // Failures surface through the pending handshake/query; a late error on an idle connection
  // must not become an unhandled 'error' event.
  core.on('error', () => undefined);
  const tlsObserved = observeTlsStage && observeTls(core, () => clock.advance('authenticate'));
  socket.once('connect', () => clock.advance(tlsObserved ? 'tls' : 'authenticate'));

  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new DriverError('TIMEOUT', clock.current));
      core.destroy();
      socket.destroy();
    };
  });
  aborted.catch(() => undefined);
  context.signal.addEventListener('abort', onAbort, { once: true });
  let connected = false;
  try {
    try {
      await Promise.race([handshake(core), aborted]);
    } catch (error) {
      throw mysqlDriverError(error, clock.current, hasTimedOut(context));
    }
    connected = true;
    clock.advance('query');
    const connection = core.promise();
    try {
      await Promise.race([limitSession(connection, context), aborted]);
    } catch (error) {
      throw mysqlDriverError(error, 'query', hasTimedOut(context));
    }
    return await Promise.race([use(connection, clock), aborted]);
  } finally {
    context.signal.removeEventListener('abort', onAbort);
    await closeMysql(core, connected, context);
    socket.destroy();
  }
}

async function closeMysql(
  core: CoreConnection,
  connected: boolean,
  context: DriverCallContext,
): Promise<void> {
  if (!connected || hasTimedOut(context)) {
    core.destroy();
    return;
  }
  const quit = new Promise<void>((resolve) => core.end(() => resolve()));
  try {
    await closeWithin(quit, Math.min(CLOSE_GRACE_MS, remainingMs(context)));
  } finally {
    core.destroy();
  }
}

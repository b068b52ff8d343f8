import { Socket } from 'node:net';
import { Client } from 'pg';
import { DriverCallContext, DriverError, DriverTarget, Stage } from '../database-driver';
import { postgresDriverError } from './postgres-errors';
import { postgresClientConfig } from './postgres-options';
import { CLOSE_GRACE_MS, closeWithin } from '../kit/close-within';
import { hasTimedOut, remainingMs } from '../kit/deadline';
import { StageClock } from '../kit/stage-clock';

/**
 * Opens one `pg` client to the approved address, runs `use`, and closes it in `finally`.
 *
 * Stages are measured on the wire rather than guessed: `pg` is handed the TCP socket it will use
 * (its `stream` option), so `connect` ends at that socket's 'connect' event; with TLS, `tls` ends at
 * the TLS socket's 'secureConnect' (SSLRequest round trip + handshake); `authenticate` ends when
 * the server reports ReadyForQuery (client.connect() resolves), and `use` runs in `query`. A
 * failure is reported at the stage in progress when it happened. Aborting the call's signal
 * destroys the sockets, so nothing keeps running past the deadline. The close (Terminate, then
 * waiting for the server to hang up) is awaited here, or handed to `context.deferClose`, not
 * started, when the caller has work to do first.
 */
export async function withPostgresSession<T>(
  target: DriverTarget,
  context: DriverCallContext,
  use: (client: Client, clock: StageClock) => Promise<T>,
): Promise<T> {
  const clock = new StageClock('connect');
  if (hasTimedOut(context)) throw new DriverError('TIMEOUT', 'connect');
  const config = postgresClientConfig(target, context);
  const socket = new Socket();
  socket.once('connect', () => clock.advance(config.ssl ? 'tls' : 'authenticate'));
  const client = new Client({ ...config, stream: () => socket });
  // Failures surface through the pending connect()/query(); a late socket error on an idle
  // client must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  if (config.ssl) {
    client.connection.once('sslconnect', () => {
      client.connection.stream.once('secureConnect', () => clock.advance('authenticate'));
    });
  }
  const abort = () => {
    client.connection.stream.destroy();
    socket.destroy();
  };
  context.signal.addEventListener('abort', abort, { once: true });
  try {
    try {
      await client.connect();
    } catch (error) {
      throw postgresDriverError(error, clock.current, hasTimedOut(context));
    }
    clock.advance('query');
    return await use(client, clock);
  } finally {
    context.signal.removeEventListener('abort', abort);
    if (context.deferClose) context.deferClose(() => closePostgres(client, socket, context));
    else await closePostgres(client, socket, context);
  }
}

/** Translates an error raised while `use` ran, keeping the stage it happened in. */
export function postgresQueryError(
  error: unknown,
  stage: Stage,
  context: DriverCallContext,
): DriverError {
  return postgresDriverError(error, stage, hasTimedOut(context));
}

async function closePostgres(
  client: Client,
  socket: Socket,
  context: DriverCallContext,
): Promise<void> {
  try {
    await closeWithin(client.end(), Math.min(CLOSE_GRACE_MS, remainingMs(context)));
  } finally {
    client.connection.stream.destroy();
    socket.destroy();
  }
}

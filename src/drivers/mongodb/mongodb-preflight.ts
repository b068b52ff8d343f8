import { randomInt } from 'node:crypto';
import { Socket, connect as connectTcp } from 'node:net';
import { ConnectionOptions as TlsConnectOptions, TLSSocket, connect as connectTls } from 'node:tls';
import { BSON } from 'mongodb';
import { DriverError, DriverTarget, Stage, dialPort } from '../database-driver';
import { nativeCode } from '../kit/native-error';
import { socketFailureReason } from '../kit/socket-error-codes';

/**
 * Why a pre-flight exists: the `mongodb` driver pointed at a port that is not MongoDB can read a
 * garbage length prefix and loop allocating until the process runs out of memory. Before any port
 * reaches MongoClient, this sends one `isMaster` in an OP_MSG on a socket of its own and accepts
 * only a well-formed OP_MSG (or legacy OP_REPLY) answer to that very request, read with a hard
 * size bound.
 *
 * Reasons (stage `connect` unless said otherwise):
 * - nothing listens (ECONNREFUSED, unreachable) → CONNECTION_REFUSED
 * - accepted, then closed without sending a single byte → CONNECTION_REFUSED (the server hung up on us)
 * - something answered, but not a MongoDB reply (HTTP, Redis, PostgreSQL, MySQL…) → UNKNOWN
 *   (the port is open but speaks another protocol; "refused" would send the user looking for a firewall)
 * - nothing answered before the deadline → TIMEOUT
 * - TLS handshake failed → TLS_ERROR, stage `tls`
 */

const OP_REPLY = 1;
const OP_MSG = 2013;
const HEADER_BYTES = 16;
/** A hello reply is a few hundred bytes; 16 MiB is MongoDB's own maximum BSON document size. */
export const PREFLIGHT_MAX_REPLY_BYTES = 16 * 1024 * 1024;

export interface PreflightTimings {
  connectMs: number;
  tlsMs?: number;
}

/** The OP_MSG `{ isMaster: 1, helloOk: true, $db: 'admin' }` (every server version answers it). */
export function helloMessage(requestId: number): Buffer {
  const body = Buffer.from(BSON.serialize({ isMaster: 1, helloOk: true, $db: 'admin' }));
  const header = Buffer.alloc(HEADER_BYTES + 5);
  header.writeInt32LE(header.length + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16); // flagBits
  header.writeUInt8(0, 20); // section kind 0: one body document
  return Buffer.concat([header, body]);
}

/** Outcome of looking at the bytes received so far. */
export type ReplyCheck =
  { state: 'need-more'; totalBytes?: number } | { state: 'ok' } | { state: 'not-mongodb' };

/**
 * Judges a reply to request `requestId`: header sane (length within bounds, answering our id,
 * OP_MSG or OP_REPLY) and, once complete, a body document that parses and carries `ok`.
 */
export function checkReply(bytes: Buffer, requestId: number): ReplyCheck {
  if (bytes.length < HEADER_BYTES) return { state: 'need-more' };
  const length = bytes.readInt32LE(0);
  const responseTo = bytes.readInt32LE(8);
  const opCode = bytes.readInt32LE(12);
  const minimum = opCode === OP_MSG ? HEADER_BYTES + 5 + 5 : HEADER_BYTES + 20 + 5;
  if ((opCode !== OP_MSG && opCode !== OP_REPLY) || responseTo !== requestId)
    return { state: 'not-mongodb' };
  if (length < minimum || length > PREFLIGHT_MAX_REPLY_BYTES) return { state: 'not-mongodb' };
  if (bytes.length < length) return { state: 'need-more', totalBytes: length };
  try {
    let documentStart: number;
    if (opCode === OP_MSG) {
      if (bytes.readUInt8(HEADER_BYTES + 4) !== 0) return { state: 'not-mongodb' };
      documentStart = HEADER_BYTES + 5;
    } else {
      if (bytes.readInt32LE(HEADER_BYTES + 16) < 1) return { state: 'not-mongodb' };
      documentStart = HEADER_BYTES + 20;
    }
    const documentLength = bytes.readInt32LE(documentStart);
    if (documentLength < 5 || documentStart + documentLength > length)
      return { state: 'not-mongodb' };
    const document = BSON.deserialize(
      bytes.subarray(documentStart, documentStart + documentLength),
    );
    return 'ok' in document ? { state: 'ok' } : { state: 'not-mongodb' };
  } catch {
    return { state: 'not-mongodb' };
  }
}

/** A socket failure of the pre-flight: it is still dialling, so a hang-up is a refusal. */
function networkReason(error: unknown): DriverError['reason'] {
  const code = nativeCode(error);
  const reason =
    code === undefined ? undefined : socketFailureReason(code, { hangUpRefuses: true });
  return reason ?? 'UNKNOWN';
}

/** Runs one step on a socket until `done` settles, the socket fails or the signal aborts. */
function step<T>(
  socket: Socket,
  signal: AbortSignal,
  stage: Stage,
  onError: (error: unknown) => DriverError,
  run: (resolve: (value: T) => void, reject: (error: DriverError) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cleanup = (): void => {
      signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', onSocketError);
    };
    const onAbort = (): void => {
      cleanup();
      reject(new DriverError('TIMEOUT', stage, { cause: signal.reason }));
    };
    const onSocketError = (error: unknown): void => {
      cleanup();
      reject(onError(error));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', onSocketError);
    run(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error) => {
        cleanup();
        reject(error);
      },
    );
  });
}

function readReply(socket: Socket, signal: AbortSignal, requestId: number): Promise<void> {
  return step<void>(
    socket,
    signal,
    'connect',
    (error) => new DriverError(networkReason(error), 'connect', { cause: error }),
    (resolve, reject) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const stop = (): void => {
        socket.removeListener('data', onData);
        socket.removeListener('end', onEnd);
        socket.removeListener('close', onEnd);
      };
      let expected = HEADER_BYTES;
      const onData = (chunk: Buffer): void => {
        chunks.push(chunk);
        received += chunk.length;
        if (received < expected) return;
        const bytes = Buffer.concat(chunks, received);
        chunks.length = 0;
        chunks.push(bytes);
        const verdict = checkReply(bytes, requestId);
        if (verdict.state === 'need-more') {
          expected = verdict.totalBytes ?? HEADER_BYTES;
          return;
        }
        stop();
        if (verdict.state === 'ok') resolve();
        else reject(new DriverError('UNKNOWN', 'connect'));
      };
      const onEnd = (): void => {
        stop();
        reject(new DriverError(received === 0 ? 'CONNECTION_REFUSED' : 'UNKNOWN', 'connect'));
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('close', onEnd);
    },
  );
}

/**
 * Dials the approved address, runs TLS when asked, and checks that a MongoDB server answers.
 * The socket is always destroyed before returning.
 */
export async function mongoPreflight(
  target: DriverTarget,
  tlsOptions: TlsConnectOptions | null,
  signal: AbortSignal,
): Promise<PreflightTimings> {
  const started = Date.now();
  const tcp = connectTcp({
    host: target.approved.address,
    port: dialPort(target),
    family: target.approved.family,
  });
  let socket: Socket = tcp;
  try {
    await step<void>(
      tcp,
      signal,
      'connect',
      (error) => new DriverError(networkReason(error), 'connect', { cause: error }),
      (resolve) => tcp.once('connect', () => resolve()),
    );
    const timings: PreflightTimings = { connectMs: Date.now() - started };
    if (tlsOptions) {
      const tlsStarted = Date.now();
      const secure: TLSSocket = connectTls({ ...tlsOptions, socket: tcp });
      socket = secure;
      await step<void>(
        secure,
        signal,
        'tls',
        (error) => new DriverError('TLS_ERROR', 'tls', { cause: error }),
        (resolve) => secure.once('secureConnect', () => resolve()),
      );
      timings.tlsMs = Date.now() - tlsStarted;
    }
    const requestId = randomInt(1, 0x7fffffff);
    socket.write(helloMessage(requestId));
    await readReply(socket, signal, requestId);
    return timings;
  } finally {
    socket.destroy();
    tcp.destroy();
  }
}

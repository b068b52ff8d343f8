/**
 * The code of one Oracle worker thread (oracle-job-runner.ts says why a thread): one connection,
 * the job's statements, one reply, then close. Only codes leave the thread, never error text.
 *
 * Self-contained on purpose: it imports no module of this repository at run time, because from
 * source (tests, ts-node) it runs as its own transpiled text (see oracle-worker-script.ts).
 */
import net from 'node:net';
import tls from 'node:tls';
import { parentPort, workerData } from 'node:worker_threads';
import * as oracledb from 'oracledb';
import type {
  OracleDial,
  OracleJob,
  OracleJobReply,
  OracleNativeError,
  OracleTlsIdentity,
} from './oracle-job';

/** Where a `Socket#connect` call goes, read as Node reads its arguments (`normalizeArgs`). */
function dialOf(args: readonly unknown[]): { host?: unknown; port?: unknown; path?: unknown } {
  // net.connect and tls.connect hand over their arguments already normalized: [[options, cb]].
  const [first, second] = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (typeof first === 'object' && first !== null) return first;
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { port: first, host: typeof second === 'string' ? second : undefined };
}

/** True when a `Socket#connect` call goes to the one approved address and port, over TCP. */
export function isApprovedDial(args: readonly unknown[], dial: OracleDial): boolean {
  const { host, port, path } = dialOf(args);
  return path === undefined && host === dial.address && Number(port) === dial.port;
}

/**
 * Every connection this thread opens goes through `net.Socket.prototype.connect` (`net.connect`,
 * `tls.connect` without a socket, thin mode's own dials); a call to anything but the approved
 * address and port fails before a packet leaves: the socket is destroyed with an error, as a
 * refused dial would be, and `onRefused` is told. That is how a listener's REDIRECT (TNS packet
 * type 5), which thin mode follows by dialling the address it names, is refused: the host policy
 * never approved that address, and through an SSH tunnel it would bypass the tunnel. The thread
 * serves one job, so the change touches no other connection. Returns the undo (for tests).
 */
export function guardDials(
  dial: OracleDial,
  onRefused: () => void,
  prototype: net.Socket = net.Socket.prototype,
): () => void {
  type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
  const connect = Reflect.get(prototype, 'connect') as Connect;
  const guarded: Connect = function (...args) {
    if (isApprovedDial(args, dial)) return connect.apply(this, args);
    onRefused();
    this.destroy(new Error('this worker connects only to the approved address'));
    return this;
  };
  Reflect.set(prototype, 'connect', guarded);
  return () => {
    Reflect.set(prototype, 'connect', connect);
  };
}

/**
 * Thin mode's TLS, adjusted for this one connection (the thread serves one job, so the change
 * touches nothing else; thin mode calls `tls.createSecureContext` and `tls.checkServerIdentity`
 * through the module object, which is this thread's own):
 * - `verify-full` (`sslServerDNMatch`): thin mode checks the certificate against the
 *   descriptor's HOST, the approved address; the check of that address is made against the
 *   stored host name instead (`identity`), as PostgreSQL, MySQL and SQL Server do.
 * - A wallet with no private key (the CA alone): thin mode hands the wallet to Node as `cert` and
 *   `key` too, which Node refuses (oracledb 6.10: NJS-505 whatever the server), so such a wallet
 *   is given as `ca` only.
 */
function adjustThinTls(identity: OracleTlsIdentity | undefined): void {
  const createSecureContext = tls.createSecureContext;
  const checkServerIdentity = tls.checkServerIdentity;
  Object.assign(tls, {
    createSecureContext: (options?: tls.SecureContextOptions): tls.SecureContext => {
      const wallet = options?.ca;
      const caOnly =
        typeof wallet === 'string' &&
        options?.cert === wallet &&
        options.key === wallet &&
        !wallet.includes('PRIVATE KEY-----');
      return createSecureContext(
        caOnly ? { ...options, cert: undefined, key: undefined } : options,
      );
    },
    checkServerIdentity: serverIdentityCheck(identity, checkServerIdentity),
  });
}

/**
 * Thin mode's name check with the dialled address read as the stored host name (`identity`): the
 * approved address of a direct dial, or an SSH tunnel's loopback end (127.0.0.1), whose
 * certificate must name the database's own host, never 127.0.0.1. Any other name (an address a
 * listener redirected to) is checked as it is.
 */
export function serverIdentityCheck(
  identity: OracleTlsIdentity | undefined,
  check: typeof tls.checkServerIdentity,
): typeof tls.checkServerIdentity {
  return (host, cert) => check(identity && host === identity.dialled ? identity.name : host, cert);
}

function stringCode(value: unknown): string | undefined {
  const { code } = Object(value) as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

function nativeError(error: unknown, dialRefused: boolean): OracleNativeError {
  const { cause } = Object(error) as { cause?: unknown };
  const codes = { code: stringCode(error), causeCode: stringCode(cause) };
  return dialRefused ? { ...codes, dialRefused } : codes;
}

async function run(job: OracleJob, reply: (message: OracleJobReply) => void): Promise<void> {
  let connection: oracledb.Connection | undefined;
  let stage: 'connect' | 'query' = 'connect';
  let dialRefused = false;
  try {
    guardDials(job.dial, () => {
      dialRefused = true;
    });
    adjustThinTls(job.tlsIdentity);
    const started = Date.now();
    connection = await oracledb.getConnection(job.attributes);
    const authenticateMs = Date.now() - started;
    stage = 'query';
    connection.callTimeout = job.callTimeoutMs;
    const queryStarted = Date.now();
    const results: unknown[][][] = [];
    for (const { sql, binds } of job.queries) {
      const result = await connection.execute(sql, binds ?? [], {
        outFormat: oracledb.OUT_FORMAT_ARRAY,
      });
      results.push(result.rows ?? []);
    }
    reply({
      ok: true,
      results,
      authenticateMs,
      queryMs: Date.now() - queryStarted,
      serverVersion: connection.oracleServerVersionString,
    });
  } catch (error) {
    reply({ ok: false, stage, error: nativeError(error, dialRefused) });
  } finally {
    // Replying first: the runner may terminate the thread before a slow close completes.
    if (connection) await connection.close().catch(() => undefined);
  }
}

const port = parentPort;
if (port) void run(workerData as OracleJob, (message) => port.postMessage(message));

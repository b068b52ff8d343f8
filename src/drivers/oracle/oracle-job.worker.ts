/**
 * The code of one Oracle worker thread (oracle-job-runner.ts says why a thread): one connection,
 * the job's statements, one reply, then close. Only codes leave the thread, never error text.
 *
 * Self-contained on purpose: it imports no module of this repository at run time, because from
 * source (tests, ts-node) it runs as its own transpiled text (see oracle-worker-script.ts).
 */
import tls from 'node:tls';
import { parentPort, workerData } from 'node:worker_threads';
import * as oracledb from 'oracledb';
import type { OracleJob, OracleJobReply, OracleNativeError, OracleTlsIdentity } from './oracle-job';

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

function nativeError(error: unknown): OracleNativeError {
  const { cause } = Object(error) as { cause?: unknown };
  return { code: stringCode(error), causeCode: stringCode(cause) };
}

async function run(job: OracleJob, reply: (message: OracleJobReply) => void): Promise<void> {
  let connection: oracledb.Connection | undefined;
  let stage: 'connect' | 'query' = 'connect';
  try {
    adjustThinTls(job.tlsIdentity);
    const started = Date.now();
    connection = await oracledb.getConnection(job.attributes);
    const authenticateMs = Date.now() - started;
    stage = 'query';
    connection.callTimeout = job.callTimeoutMs;
    const queryStarted = Date.now();
    const results: unknown[][][] = [];
    for (const sql of job.queries) {
      const result = await connection.execute(sql, [], { outFormat: oracledb.OUT_FORMAT_ARRAY });
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
    reply({ ok: false, stage, error: nativeError(error) });
  } finally {
    // Replying first: the runner may terminate the thread before a slow close completes.
    if (connection) await connection.close().catch(() => undefined);
  }
}

const port = parentPort;
if (port) void run(workerData as OracleJob, (message) => port.postMessage(message));

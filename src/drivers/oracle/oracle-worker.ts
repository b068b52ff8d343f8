import { Worker } from 'node:worker_threads';
import { DriverError } from '../database-driver';
import { OracleConnectAttributes } from './oracle-options';
import { OracleNativeError, translateOracleError } from './oracle-errors';

/**
 * Why a worker thread: oracledb thin (6.10) loops forever, allocating, when a server answers with
 * a TNS header whose length is 0 (ntTcp.js `startRead`) — one such reply from whatever listens on
 * the configured port kills the whole process with an out-of-memory abort (reproduced). Each call
 * therefore runs in its own worker with a small heap: a runaway worker dies alone, or is
 * terminated when the deadline passes (terminate() stops even a synchronous loop).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const oracledb = require(workerData.oracledbPath);
(async () => {
  let connection;
  let stage = 'connect';
  try {
    const started = Date.now();
    connection = await oracledb.getConnection(workerData.attributes);
    const authenticateMs = Date.now() - started;
    stage = 'query';
    connection.callTimeout = workerData.callTimeoutMs;
    const queryStarted = Date.now();
    const results = [];
    for (const sql of workerData.queries) {
      const result = await connection.execute(sql, [], { outFormat: oracledb.OUT_FORMAT_ARRAY });
      results.push(result.rows || []);
    }
    parentPort.postMessage({
      ok: true, results, authenticateMs, queryMs: Date.now() - queryStarted,
      serverVersion: connection.oracleServerVersionString,
    });
  } catch (error) {
    const cause = error && error.cause;
    parentPort.postMessage({ ok: false, stage, error: {
      code: error && typeof error.code === 'string' ? error.code : undefined,
      errorNum: error && typeof error.errorNum === 'number' ? error.errorNum : undefined,
      causeCode: cause && typeof cause.code === 'string' ? cause.code : undefined,
    } });
  } finally {
    if (connection) await connection.close().catch(() => undefined);
  }
})();
`;

export interface OracleJob {
  attributes: OracleConnectAttributes;
  /** Statements to run in order after connecting (no binds: they take no values). */
  queries: string[];
  callTimeoutMs: number;
}

export interface OracleJobResult {
  results: unknown[][][];
  authenticateMs: number;
  queryMs: number;
  serverVersion?: string;
}

type WorkerReply =
  | ({ ok: true } & OracleJobResult)
  | { ok: false; stage: 'connect' | 'query'; error: OracleNativeError };

/** Runs one job in a fresh worker; rejects with a DriverError; the worker is always gone afterwards. */
export function runOracleJob(job: OracleJob, signal: AbortSignal): Promise<OracleJobResult> {
  return new Promise<OracleJobResult>((resolve, reject) => {
    if (signal.aborted)
      return reject(new DriverError('TIMEOUT', 'connect', { cause: signal.reason }));
    let settled = false;
    let connected = false;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...job, oracledbPath: require.resolve('oracledb') },
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
    });
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = (): void =>
      finish(() =>
        reject(
          new DriverError('TIMEOUT', connected ? 'query' : 'connect', { cause: signal.reason }),
        ),
      );
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.ok) finish(() => resolve(reply));
      else {
        connected = reply.stage === 'query';
        finish(() => reject(translateOracleError(reply.error, reply.stage)));
      }
    });
    worker.on('error', (error) =>
      finish(() => reject(new DriverError('UNKNOWN', 'connect', { cause: error }))),
    );
    worker.on('exit', () => finish(() => reject(new DriverError('UNKNOWN', 'connect'))));
  });
}

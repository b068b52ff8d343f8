import { Worker, WorkerOptions } from 'node:worker_threads';
import { DriverError } from '../database-driver';
import { OracleJob, OracleJobReply, OracleJobResult } from './oracle-job';
import { translateOracleError } from './oracle-errors';
import { oracleWorkerScript } from './oracle-worker-script';

/**
 * Why a worker thread: oracledb thin (6.10) loops forever, allocating, when a server answers with
 * a TNS header whose length is 0 (ntTcp.js `startRead`) — one such reply from whatever listens on
 * the configured port kills the whole process with an out-of-memory abort. Each call therefore
 * runs in its own worker with a small heap: a runaway worker dies alone, or is terminated when
 * the deadline passes (terminate() stops even a synchronous loop).
 */
const WORKER_HEAP: WorkerOptions['resourceLimits'] = {
  maxOldGenerationSizeMb: 96,
  maxYoungGenerationSizeMb: 16,
};

/** Runs one job in a fresh worker; rejects with a DriverError; the worker is always gone afterwards. */
export function runOracleJob(job: OracleJob, signal: AbortSignal): Promise<OracleJobResult> {
  return new Promise<OracleJobResult>((resolve, reject) => {
    if (signal.aborted)
      return reject(new DriverError('TIMEOUT', 'connect', { cause: signal.reason }));
    let settled = false;
    let connected = false;
    const { script, eval: isText } = oracleWorkerScript();
    const worker = new Worker(script, {
      eval: isText,
      workerData: job,
      resourceLimits: WORKER_HEAP,
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
    worker.on('message', (reply: OracleJobReply) => {
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

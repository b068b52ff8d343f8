import { DriverError, Stage } from '../database-driver';

/**
 * Settles with `work`, or rejects with DriverError('TIMEOUT', stage) as soon as `signal` aborts.
 * The abandoned work's later rejection is swallowed; the caller closes what it opened in `finally`,
 * which ends that work.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal, stage: Stage): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted)
    return Promise.reject(new DriverError('TIMEOUT', stage, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DriverError('TIMEOUT', stage, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error('the driver failed', { cause: error }));
      },
    );
  });
}

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

/** Waits for `closing` at most `graceMs`; a close that hangs goes on in the background. */
export async function closeWithin(closing: Promise<unknown>, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  try {
    await Promise.race([
      closing.then(
        () => undefined,
        () => undefined,
      ),
      grace,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

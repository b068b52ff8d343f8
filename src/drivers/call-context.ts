import { DriverCallContext } from './database-driver';

/** A call's context as its owner holds it: `end()` once the call (and its tunnel) is over. */
export interface OwnedCallContext extends DriverCallContext {
  /**
   * Disarms the deadline and stops listening to `cancel`: a call that has ended needs neither, and
   * a deadline left armed would fire `timeoutMs` later for a signal nobody listens to any more.
   * Idempotent. A close handed over (`deferClose`) is bounded by its own grace, not by this signal.
   */
  readonly end: () => void;
}

/**
 * A call context whose signal aborts when `timeoutMs` has passed (the one overall deadline, with
 * the same `TimeoutError` reason as `AbortSignal.timeout`), or earlier when `cancel` aborts (the
 * service shutting down, with its reason). One timer cleared by `end()`, rather than
 * `AbortSignal.timeout` (armed until it fires, and about 20 µs of CPU per call) combined with
 * `cancel` through `AbortSignal.any` (as much again, and a dependant of the long-lived cancel
 * signal per call): see docs/benchmarks.md, test-endpoint section.
 */
export function callContext(timeoutMs: number, cancel?: AbortSignal): OwnedCallContext {
  const controller = new AbortController();
  const deadline = Date.now() + timeoutMs;
  if (cancel?.aborted) {
    controller.abort(cancel.reason);
    return { signal: controller.signal, deadline, end: () => undefined };
  }
  const onCancel = () => {
    clearTimeout(timer);
    controller.abort(cancel?.reason);
  };
  const timer = setTimeout(() => {
    cancel?.removeEventListener('abort', onCancel);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  // Like AbortSignal.timeout: a pending deadline does not keep the process alive.
  timer.unref();
  cancel?.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    deadline,
    end: () => {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
    },
  };
}

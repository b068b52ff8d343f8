import { DriverCallContext } from './database-driver';

/**
 * A call context whose signal aborts when `timeoutMs` has passed (the one overall deadline), or
 * earlier when `cancel` aborts (the service shutting down).
 */
export function callContext(timeoutMs: number, cancel?: AbortSignal): DriverCallContext {
  const deadline = AbortSignal.timeout(timeoutMs);
  return { signal: cancel ? AbortSignal.any([deadline, cancel]) : deadline, deadline: Date.now() + timeoutMs };
}

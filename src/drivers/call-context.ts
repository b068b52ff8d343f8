import { DriverCallContext } from './database-driver';

/** A call context whose signal aborts when `timeoutMs` has passed (the one overall deadline). */
export function callContext(timeoutMs: number): DriverCallContext {
  return { signal: AbortSignal.timeout(timeoutMs), deadline: Date.now() + timeoutMs };
}

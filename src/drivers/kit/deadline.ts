import { DriverCallContext } from '../database-driver';

/** Milliseconds left before the call's deadline (at least 1, so a timer never means "no limit"). */
export function remainingMs(context: DriverCallContext, now = Date.now()): number {
  return Math.max(1, Math.floor(context.deadline - now));
}

/** Whole seconds left, rounded up, at least 1 (for libraries that take seconds). */
export function remainingSeconds(context: DriverCallContext, now = Date.now()): number {
  return Math.max(1, Math.ceil((context.deadline - now) / 1000));
}

/** True once the call was aborted or its deadline passed: any failure from then on is a timeout. */
export function hasTimedOut(context: DriverCallContext): boolean {
  return context.signal.aborted || Date.now() >= context.deadline;
}

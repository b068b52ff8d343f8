import { DriverCallContext, Stage } from './database-driver';

/** Milliseconds left before the call's deadline (at least 1, so a timer never means "no limit"). */
export function remainingMs(context: DriverCallContext, now = Date.now()): number {
  return Math.max(1, Math.floor(context.deadline - now));
}

/** True once the call was aborted or its deadline passed: any failure from then on is a timeout. */
export function hasTimedOut(context: DriverCallContext): boolean {
  return context.signal.aborted || Date.now() >= context.deadline;
}

/**
 * Which stage a dial is in, and how long each finished stage took (rounded ms). Shared by the SQL drivers.
 */
export class StageClock {
  readonly durations: Partial<Record<Stage, number>> = {};
  private startedAt = performance.now();

  constructor(public current: Stage) {}

  /** Ends the current stage (records its duration) and starts `next`. */
  advance(next: Stage): void {
    const now = performance.now();
    this.durations[this.current] = Math.max(0, Math.round(now - this.startedAt));
    this.current = next;
    this.startedAt = now;
  }

  /** Ends the current stage without starting another. */
  finish(): void {
    this.durations[this.current] = Math.max(0, Math.round(performance.now() - this.startedAt));
  }
}

import { Stage } from '../database-driver';

/**
 * Which stage a dial is in, and how long each finished stage took (rounded ms). For drivers that
 * see every stage on the wire (PostgreSQL, MySQL); the others time the steps their library exposes.
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

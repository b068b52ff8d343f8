import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { CLOSE_GRACE_MS } from '../drivers/kit/close-within';
import { UntilEmpty } from './until-empty';

/**
 * How long closing the app waits for the closes still running: each one is bounded by itself (a
 * polite close gets CLOSE_GRACE_MS, then its sockets are destroyed), so this is only a backstop
 * against a close that would break that promise.
 */
export const PENDING_CLOSES_WAIT_MS = CLOSE_GRACE_MS + 1000;

/**
 * The database sessions still closing after their call was answered: a connection test (without
 * an SSH tunnel) answers once its query has answered and its history event is committed, and its
 * driver's polite close (PostgreSQL: Terminate, then waiting for the server to hang up) finishes
 * afterwards. Every such close is tracked here until it has ended; a close that fails is logged by
 * its error's class name only (never its text) and goes no further: no response, no crash. Closing
 * the app (the graceful shutdown, spec §7, closes it once the requests are answered) waits for the
 * closes still running, so the process never exits with a session half closed.
 */
@Injectable()
export class PendingCloses implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PendingCloses.name);
  private readonly pending = new Set<Promise<void>>();
  private readonly empty = new UntilEmpty();

  /** Tracks `closing` until it settles; it never rejects to anyone. */
  track(closing: Promise<void>): void {
    const tracked: Promise<void> = closing
      .catch((error: unknown) => {
        this.logger.warn(
          { errorName: error instanceof Error ? error.name : typeof error },
          'A session close failed after its answer',
        );
      })
      .finally(() => {
        this.pending.delete(tracked);
        if (this.pending.size === 0) this.empty.emptied();
      });
    this.pending.add(tracked);
  }

  /** Closes still running. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves true once no close is running, or false when `timeoutMs` passed first. */
  settled(timeoutMs: number): Promise<boolean> {
    return this.empty.wait(this.pending.size === 0, timeoutMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.pending.size === 0) return;
    this.logger.log(`waiting for ${this.pending.size} database session(s) to finish closing`);
    if (!(await this.settled(PENDING_CLOSES_WAIT_MS))) {
      this.logger.warn(`${this.pending.size} database session close(s) still running: left behind`);
    }
  }
}

/**
 * Waiters for a set of running things (requests in flight, sessions closing) to become empty, each
 * bounded by its own timeout. The owner of the set calls `emptied()` whenever it has just become
 * empty.
 */
export class UntilEmpty {
  private readonly waiters = new Set<() => void>();

  /** Wakes every waiter: the set has just become empty. */
  emptied(): void {
    for (const wake of this.waiters) wake();
  }

  /** Resolves true at once when `empty`, else once emptied() is called, or false when `timeoutMs` passed first. */
  wait(empty: boolean, timeoutMs: number): Promise<boolean> {
    if (empty) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (settled: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(settled);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }
}

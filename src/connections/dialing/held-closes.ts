/**
 * The session closes a test's driver handed over (DriverCallContext.deferClose), held until the
 * test has done what it must do before answering (its history event committed), then started and
 * handed to `start` (PendingCloses.track). Why wait: a PostgreSQL session told to terminate exits
 * on the server while the event's INSERT commits, and slows that commit down (docs/benchmarks.md,
 * test-endpoint section, session 9). A close handed over after the release (a driver that
 * outlived the test's deadline) starts at once.
 */
export class HeldCloses {
  private held: (() => Promise<void>)[] | undefined = [];

  constructor(private readonly start: (closing: Promise<void>) => void) {}

  /** DriverCallContext.deferClose of the dial. */
  readonly hold = (close: () => Promise<void>): void => {
    if (this.held) this.held.push(close);
    else this.start(close());
  };

  /** Starts every close held so far, and from now on each one as it is handed over. Idempotent. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const close of held) this.start(close());
  }
}

import { Logger } from '@nestjs/common';
import { PendingCloses } from './pending-closes';

/** A close the test ends by hand. */
function heldClose(): { closing: Promise<void>; end(): void; fail(error: Error): void } {
  let end: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const closing = new Promise<void>((resolve, reject) => {
    end = resolve;
    fail = reject;
  });
  return { closing, end, fail };
}

const turns = async (count: number) => {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('PendingCloses', () => {
  afterEach(() => {
    Logger.overrideLogger(false);
  });

  it('tracks each close until it ends, and settles when none is left', async () => {
    const closes = new PendingCloses();
    await expect(closes.settled(10)).resolves.toBe(true);
    const [first, second] = [heldClose(), heldClose()];
    closes.track(first.closing);
    closes.track(second.closing);
    expect(closes.size).toBe(2);
    const settled = closes.settled(10_000);
    first.end();
    await turns(5);
    expect(closes.size).toBe(1);
    second.end();
    await expect(settled).resolves.toBe(true);
    expect(closes.size).toBe(0);
  });

  it('settles false when the time runs out first', async () => {
    const closes = new PendingCloses();
    const held = heldClose();
    closes.track(held.closing);
    await expect(closes.settled(20)).resolves.toBe(false);
    held.end();
  });

  it('keeps a failed close to itself: logged by its class name only, never rejected to anyone', async () => {
    const lines: unknown[] = [];
    const record = (...args: unknown[]) => void lines.push(args);
    Logger.overrideLogger({
      log: record,
      warn: record,
      error: record,
      debug: record,
      verbose: record,
      fatal: record,
    });
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const closes = new PendingCloses();
      const held = heldClose();
      closes.track(held.closing);
      held.fail(new TypeError('password=s3cret at db.example.com'));
      await expect(closes.settled(10_000)).resolves.toBe(true);
      await turns(5);
      expect(unhandled).not.toHaveBeenCalled();
      expect(lines).toEqual([
        [{ errorName: 'TypeError' }, 'A session close failed after its answer', 'PendingCloses'],
      ]);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('holds the app closing (beforeApplicationShutdown) until the closes still running have ended', async () => {
    Logger.overrideLogger(false);
    const closes = new PendingCloses();
    const held = heldClose();
    closes.track(held.closing);
    let shutDown = false;
    const shutdown = closes.beforeApplicationShutdown().then(() => (shutDown = true));
    await turns(20);
    expect(shutDown).toBe(false);
    held.end();
    await shutdown;
    expect(closes.size).toBe(0);
  });
});

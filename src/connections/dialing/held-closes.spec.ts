import { HeldCloses } from './held-closes';

describe('HeldCloses', () => {
  const closer = (log: string[], name: string) => () => {
    log.push(`started ${name}`);
    return Promise.resolve();
  };

  it('holds the closes handed over and starts them, in order, on release, handing each one to `start`', () => {
    const log: string[] = [];
    const started: Promise<void>[] = [];
    const held = new HeldCloses((closing) => started.push(closing));
    held.hold(closer(log, 'a'));
    held.hold(closer(log, 'b'));
    expect(log).toEqual([]);
    held.release();
    expect(log).toEqual(['started a', 'started b']);
    expect(started).toHaveLength(2);
  });

  it('starts a close handed over after the release at once, and starts nothing twice', () => {
    const log: string[] = [];
    const held = new HeldCloses(() => undefined);
    held.hold(closer(log, 'a'));
    held.release();
    held.release();
    held.hold(closer(log, 'late'));
    expect(log).toEqual(['started a', 'started late']);
  });
});

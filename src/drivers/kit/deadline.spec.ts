import { hasTimedOut, remainingMs, remainingSeconds } from './deadline';

const context = (deadline: number, aborted = false) => {
  const controller = new AbortController();
  if (aborted) controller.abort();
  return { signal: controller.signal, deadline };
};

describe('deadline', () => {
  it('remainingMs: whole milliseconds left, at least 1 (0 means "no limit" to libraries)', () => {
    expect(remainingMs(context(10_000.9), 7_000)).toBe(3000);
    expect(remainingMs(context(10_000), 10_000)).toBe(1);
    expect(remainingMs(context(10_000), 12_000)).toBe(1);
  });

  it('remainingSeconds: rounded up, never below 1', () => {
    expect(remainingSeconds(context(10_000), 7_500)).toBe(3);
    expect(remainingSeconds(context(10_000), 7_000)).toBe(3);
    expect(remainingSeconds(context(10_000), 10_000)).toBe(1);
  });

  it('hasTimedOut: once the signal aborted or the deadline passed', () => {
    expect(hasTimedOut(context(Date.now() + 60_000))).toBe(false);
    expect(hasTimedOut(context(Date.now() + 60_000, true))).toBe(true);
    expect(hasTimedOut(context(Date.now() - 1))).toBe(true);
  });
});

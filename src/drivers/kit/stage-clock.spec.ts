import { StageClock } from './stage-clock';

describe('StageClock', () => {
  it('records each finished stage once, in whole milliseconds, and knows the current one', () => {
    const clock = new StageClock('connect');
    clock.advance('tls');
    clock.advance('authenticate');
    expect(clock.current).toBe('authenticate');
    clock.finish();
    expect(Object.keys(clock.durations)).toEqual(['connect', 'tls', 'authenticate']);
    for (const ms of Object.values(clock.durations)) {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(0);
    }
  });
});

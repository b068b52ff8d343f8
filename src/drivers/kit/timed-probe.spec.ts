import { DriverError } from '../database-driver';
import { StageClock } from './stage-clock';
import { timedProbe } from './timed-probe';

describe('timedProbe', () => {
  it('returns the version with the durations of every stage, query included', async () => {
    const clock = new StageClock('connect');
    clock.advance('query');
    const result = await timedProbe(
      clock,
      () => Promise.resolve('PostgreSQL 15.20'),
      () => new DriverError('UNKNOWN', 'query'),
    );
    expect(result.serverVersion).toBe('PostgreSQL 15.20');
    expect(Object.keys(result.stages)).toEqual(['connect', 'query']);
  });

  it('throws the translation of a failed read', async () => {
    const translated = new DriverError('PERMISSION_DENIED', 'query');
    await expect(
      timedProbe(
        new StageClock('query'),
        () => Promise.reject(new Error('native')),
        () => translated,
      ),
    ).rejects.toBe(translated);
  });
});

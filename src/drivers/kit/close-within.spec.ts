import { closeWithin } from './close-within';

describe('closeWithin', () => {
  it('returns when the close completes', async () => {
    await expect(closeWithin(Promise.resolve('closed'), 60_000)).resolves.toBeUndefined();
  });

  it('ignores a close that fails', async () => {
    await expect(closeWithin(Promise.reject(new Error('gone')), 60_000)).resolves.toBeUndefined();
  });

  it('stops waiting for a close that hangs after the grace period', async () => {
    const started = Date.now();
    await closeWithin(new Promise(() => undefined), 20);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

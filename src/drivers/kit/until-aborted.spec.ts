import { DriverError } from '../database-driver';
import { untilAborted } from './until-aborted';

describe('untilAborted', () => {
  it('settles with the work when it finishes first', async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal, 'query')).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('no')), signal, 'query')).rejects.toThrow(
      'no',
    );
  });

  it('rejects with TIMEOUT at the given stage as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = untilAborted(new Promise(() => undefined), controller.signal, 'authenticate');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ reason: 'TIMEOUT', stage: 'authenticate' });
  });

  it('rejects at once when the signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error: unknown = await untilAborted(Promise.resolve(1), controller.signal, 'query').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(DriverError);
  });
});

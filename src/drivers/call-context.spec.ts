import { getEventListeners } from 'node:events';
import { callContext } from './call-context';

describe('callContext', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('aborts its signal once the timeout has passed, with a TimeoutError as AbortSignal.timeout does', () => {
    jest.setSystemTime(1_000_000);
    const context = callContext(500);
    expect(context.deadline).toBe(1_000_500);
    jest.advanceTimersByTime(499);
    expect(context.signal.aborted).toBe(false);
    jest.advanceTimersByTime(1);
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBeInstanceOf(DOMException);
    expect((context.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('aborts earlier with the reason of `cancel`, and then neither keeps a timer nor listens any more', () => {
    const cancel = new AbortController();
    const context = callContext(500, cancel.signal);
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(1);
    const reason = new Error('shutting down');
    cancel.abort(reason);
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
  });

  it('is aborted from the start when `cancel` already is', () => {
    const cancel = new AbortController();
    const reason = new Error('shut down');
    cancel.abort(reason);
    const context = callContext(500, cancel.signal);
    expect(context.signal.reason).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
    expect(() => context.end()).not.toThrow();
  });

  it('stops listening to `cancel` once its deadline has fired', () => {
    const cancel = new AbortController();
    const context = callContext(500, cancel.signal);
    jest.advanceTimersByTime(500);
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    cancel.abort(new Error('later'));
    expect((context.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('end() disarms it: the deadline never fires and `cancel` no longer reaches it', () => {
    const cancel = new AbortController();
    const context = callContext(500, cancel.signal);
    context.end();
    context.end();
    expect(jest.getTimerCount()).toBe(0);
    expect(getEventListeners(cancel.signal, 'abort')).toHaveLength(0);
    jest.advanceTimersByTime(10_000);
    cancel.abort(new Error('later'));
    expect(context.signal.aborted).toBe(false);
  });

  it('does not keep the process alive while its deadline is pending', () => {
    jest.useRealTimers();
    const unref = jest.spyOn(global, 'setTimeout');
    const context = callContext(60_000);
    const timer = unref.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    context.end();
    unref.mockRestore();
  });
});

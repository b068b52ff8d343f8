import { spawnSync } from 'node:child_process';
import fs, { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { MAX_BATCH_LENGTH, WRITE_INTERVAL_MS, logDestination } from './log-destination';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
/** Real turns of the event loop until `done()` (a write on the thread pool finishing), at most 5,000. */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 5_000 && !done(); turn += 1) await nextTurn();
  expect(done()).toBe(true);
}
const linesIn = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

describe('logDestination', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cs-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds at most maxPendingBytes while a write is in flight, drops the rest whole and counts them', async () => {
    const file = join(dir, 'stdout');
    const maxPendingBytes = 64 * 1024;
    let dropped = 0;
    const destination = logDestination(openSync(file, 'w'), () => (dropped += 1), maxPendingBytes);
    const logger = pino({ base: undefined, timestamp: false }, destination);
    // One synchronous burst: the first write is in flight until this loop yields, so every later
    // line waits in memory, as it does when stdout's reader falls behind.
    const lines = 2_000;
    for (let n = 0; n < lines; n += 1) logger.info({ n, url: `/v1/management/connections/${'x'.repeat(100)}` }, 'request completed');
    const closed = new Promise((resolve) => destination.once('close', resolve));
    destination.end();
    await closed;

    const output = readFileSync(file, 'utf8');
    const written = output.split('\n').filter(Boolean);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(maxPendingBytes);
    expect(written.length).toBeGreaterThan(0);
    expect(dropped).toBe(lines - written.length);
    for (const line of written) expect(JSON.parse(line)).toMatchObject({ msg: 'request completed' });
  });

  it('writes the lines of one turn in one write, and later lines together once the interval has passed', async () => {
    const file = join(dir, 'stdout');
    const writes = jest.spyOn(fs, 'write');
    // The interval on a fake clock (setTimeout and performance.now): a slow machine must not let
    // 10 ms pass between the lines that are meant to arrive within it. setImmediate stays real.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const destination = logDestination(openSync(file, 'w'), () => undefined);
      const logger = pino({ base: undefined, timestamp: false }, destination);
      for (let n = 0; n < 3; n += 1) logger.info({ n }, 'request completed');
      expect(writes).not.toHaveBeenCalled();
      await nextTurn();
      expect(writes).toHaveBeenCalledTimes(1);
      for (let n = 3; n < 5; n += 1) {
        logger.info({ n }, 'request completed');
        await nextTurn();
      }
      expect(writes).toHaveBeenCalledTimes(1);
      // The first write done (sonic-boom holds what it is handed while a write is in flight):
      // lines handed on before the interval would now be written.
      await turnsUntil(() => linesIn(file) === 3);
      jest.advanceTimersByTime(WRITE_INTERVAL_MS - 1);
      for (let turn = 0; turn < 5; turn += 1) await nextTurn();
      expect(writes).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1);
      await turnsUntil(() => writes.mock.calls.length >= 2);
      expect(writes).toHaveBeenCalledTimes(2);
      jest.useRealTimers();
      logger.info({ n: 5 }, 'request completed');
      await new Promise((resolve) => destination.flush(resolve));
      const closed = new Promise((resolve) => destination.once('close', resolve));
      destination.end();
      await closed;
      expect(writes).toHaveBeenCalledTimes(3);
      const written = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      expect(written.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      jest.useRealTimers();
      writes.mockRestore();
    }
  });

  it('hands a long batch on at once, and loses no waiting line when flushed synchronously (as pino does at exit)', async () => {
    const file = join(dir, 'stdout');
    const destination = logDestination(openSync(file, 'w'), () => undefined);
    const logger = pino({ base: undefined, timestamp: false }, destination);
    const url = 'x'.repeat(1000);
    const lines = Math.ceil(MAX_BATCH_LENGTH / url.length) + 2;
    for (let n = 0; n < lines; n += 1) logger.info({ n, url }, 'request completed');
    destination.flushSync();
    // The first batch went out asynchronously at once; the rest was written by flushSync.
    const closed = new Promise((resolve) => destination.once('close', resolve));
    destination.end();
    await closed;
    // Every line once. Not their order: sonic-boom's synchronous flush does not wait for the
    // asynchronous write already in flight (its own behaviour at exit, batched or not), so the
    // lines it writes may land before that batch's.
    const written = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const numbers = written.map((line) => (JSON.parse(line) as { n: number }).n);
    expect([...numbers].sort((a, b) => a - b)).toEqual([...Array(lines).keys()]);
  });

  it('writes the lines still waiting when the process exits, whichever way it exits', () => {
    // A process of its own, as pino flushes at the 'exit' event: a first line written, then (once its
    // write is done) two more that still wait in the batch when the script ends (naturally, by
    // process.exit, by a throw).
    const script = `
      const pino = require('pino');
      const { logDestination } = require(${JSON.stringify(join(__dirname, 'log-destination'))});
      const destination = logDestination(1, () => undefined);
      const logger = pino({ base: undefined, timestamp: false }, destination);
      destination.once('write', () => setImmediate(() => {
        logger.info('second');
        logger.info('third');
        if (process.argv[1] === 'exit') process.exit(0);
        if (process.argv[1] === 'throw') throw new Error('ends the process');
      }));
      logger.info('first');`;
    for (const ending of ['natural', 'exit', 'throw']) {
      const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, ending], {
        encoding: 'utf8',
      });
      const messages = child.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect({ ending, messages }).toEqual({ ending, messages: ['first', 'second', 'third'] });
    }
  });
});

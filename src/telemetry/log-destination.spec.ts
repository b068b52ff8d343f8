import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { logDestination } from './log-destination';

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
});

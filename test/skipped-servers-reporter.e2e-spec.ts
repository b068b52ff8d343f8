import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import REAL_SERVERS from './support/real-server-variables.json';

// Jest in a child process, twice, plus the CI skip check.
jest.setTimeout(120_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** A suite that needs Redis (4 tests) and one that needs no server. */
const NEEDS_REDIS = 'src/common/rate-limit/redis-rate-limiter.spec.ts';
const NEEDS_NOTHING = 'src/common/http/listening-urls.spec.ts';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function outcome(command: Promise<{ stdout: string; stderr: string }>): Promise<Outcome> {
  try {
    return { code: 0, ...(await command) };
  } catch (error) {
    const failed = error as Outcome & { code: unknown };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout,
      stderr: failed.stderr,
    };
  }
}

/** `npm test -- <suite> --json --outputFile=<report>` as .ci/run runs it, with no TEST_* variable set. */
function jestWithoutServers(suite: string, report: string): Promise<Outcome> {
  const jestBin = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  return outcome(
    run(
      process.execPath,
      [jestBin, '--config', 'jest.config.js', suite, '--json', `--outputFile=${report}`],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true' },
      },
    ),
  );
}

function ciSkipCheck(report: string): Promise<Outcome> {
  return outcome(run(process.execPath, ['.ci/check-skips.js', report], { cwd: ROOT }));
}

describe('npm test says which variables turn on the real-server suites it skipped', () => {
  let dir: string;
  let skipping: Outcome;
  let notSkipping: Outcome;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cs-skips-'));
    [skipping, notSkipping] = await Promise.all([
      jestWithoutServers(NEEDS_REDIS, join(dir, 'skipping.json')),
      jestWithoutServers(NEEDS_NOTHING, join(dir, 'not-skipping.json')),
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing variable with an example value after a run that skipped a suite, on stderr only', () => {
    expect(skipping.code).toBe(0);
    expect(skipping.stderr).toContain(
      'Real-server suites were skipped (4 tests). These variables turn them on:',
    );
    expect(skipping.stderr).toContain(
      '  TEST_REDIS_URL  Redis, e.g. redis://127.0.0.1:6379 (4 tests)',
    );
    expect(skipping.stderr).toContain(
      'For example: TEST_REDIS_URL=redis://127.0.0.1:6379 npm test',
    );
    // Only what was skipped: this run needed neither PostgreSQL nor MariaDB.
    expect(skipping.stderr).not.toMatch(/TEST_DATABASE_URL|TEST_MYSQL_URL/);
    // --json keeps its stdout (here: nothing, the report goes to the file).
    expect(skipping.stdout).toBe('');
  });

  it('prints nothing about real servers when nothing was skipped, even with every variable unset', () => {
    expect(notSkipping.code).toBe(0);
    expect(notSkipping.stderr).toMatch(/Tests:\s+\d+ passed/);
    expect(notSkipping.stderr).not.toMatch(/Real-server|TEST_[A-Z]+_URL/);
  });

  it('leaves the --json report as .ci/run reads it: the skip check still fails on the skipped suite and passes without', async () => {
    const report = JSON.parse(readFileSync(join(dir, 'skipping.json'), 'utf8')) as {
      numPendingTests: number;
    };
    expect(report.numPendingTests).toBe(4);
    const failing = await ciSkipCheck(join(dir, 'skipping.json'));
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain(
      'RedisRateLimiter (real Redis) [skipped: TEST_REDIS_URL unset]',
    );
    expect((await ciSkipCheck(join(dir, 'not-skipping.json'))).code).toBe(0);
  });

  it('gives the same example values as the README test command', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(REAL_SERVERS.map((server) => server.variable)).toEqual([
      'TEST_DATABASE_URL',
      'TEST_MYSQL_URL',
      'TEST_REDIS_URL',
    ]);
    for (const { variable, example } of REAL_SERVERS)
      expect(readme).toContain(`${variable}=${example}`);
  });
});

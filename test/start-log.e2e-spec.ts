import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceProcessContract } from './support/response-contract/service-process-contract';

// A child process that compiles and boots the whole service.
jest.setTimeout(60_000);

const START_LINE =
  /^Connections API on (http:\/\/localhost:(\d+)\/v1\/management\/connections) — Swagger UI on (http:\/\/localhost:(\d+)\/docs)$/;

interface LogLine {
  level: number;
  context?: string;
  msg: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `node src/main.ts` as an operator starts it (PORT=0: the system picks the port), stdout kept line by line. */
describe('npm start: the start log (src/main.ts as a process, SQLite store)', () => {
  let child: ChildProcess;
  let dataDir: string;
  let stdout = '';
  let stderr = '';
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  const lines = (): string[] => stdout.split('\n').filter((line) => line.trim() !== '');
  const parsed = (line: string): LogLine => JSON.parse(line) as LogLine;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cs-start-'));
    const contract = serviceProcessContract('the service of the start-log suite');
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', ...contract.execArgv, 'src/main.ts'], {
      cwd: join(__dirname, '..'),
      env: { ...contract.env, PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    for (let waited = 0; !lines().some((line) => line.includes('Swagger UI on')); waited += 100) {
      if (child.exitCode !== null || waited > 45_000)
        throw new Error(`service did not start:\n${stdout}\n${stderr}`);
      await sleep(100);
    }
    // Anything else the start writes would land now.
    await sleep(500);
  });
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends with one line, through pino, naming the API and /docs on the port actually bound', async () => {
    const last = parsed(lines()[lines().length - 1]);
    expect({ level: last.level, context: last.context }).toEqual({
      level: 30,
      context: 'Bootstrap',
    });
    const [, api, apiPort, docs, docsPort] = START_LINE.exec(last.msg) ?? [];
    expect({ msg: last.msg, matches: api !== undefined }).toEqual({ msg: last.msg, matches: true });
    expect(apiPort).toBe(docsPort);
    expect(Number(apiPort)).toBeGreaterThan(0);
    expect(lines().filter((line) => line.includes('Swagger UI on'))).toHaveLength(1);

    // Both URLs work as printed.
    const list = await fetch(api);
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ items: [], total: 0 });
    const ui = await fetch(docs);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('stops cleanly on SIGTERM: closes, then exits 0, with no error logged', async () => {
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>(
      (resolve) => (timer = setTimeout(() => resolve('still running after 15 s'), 15_000)),
    );
    const ended = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    // The graceful shutdown (src/shutdown/) closes the app, then exits 0: a deliberate stop is no failure.
    expect(ended).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    expect(
      lines()
        .map(parsed)
        .filter((line) => line.level >= 50),
    ).toEqual([]);
  });
});

/**
 * The benchmark harness: throwaway PostgreSQL databases, servers spawned as child processes on free
 * ports (the service and the floor programs get the same process isolation), autocannon runs in this
 * process, and the printing of one table per suite. Benchmarks never fail a build on speed.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import autocannon, { AutocannonRequest } from 'autocannon';
import { Client } from 'pg';
import ts from 'typescript';
import { freePort } from '../test/support/ports';
import { startNodeFlagsOfBuild } from './start-flags';

export const ROOT = resolve(__dirname, '..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
const LOG_DIR = join(RESULTS_DIR, 'logs');

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The built service to run: dist/ (built by run.ts when stale), or BENCH_SERVICE_DIR, a patched copy
 * used to measure a prototype change without touching src/.
 */
export const SERVICE_DIR = process.env.BENCH_SERVICE_DIR ? resolve(process.env.BENCH_SERVICE_DIR) : join(ROOT, 'dist');

/** Knobs, from the environment so a quick run is `BENCH_DURATION=3 npm run bench -- crud`. */
export const SETTINGS = {
  serverUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  durationSeconds: envNumber('BENCH_DURATION', 10),
  warmupSeconds: envNumber('BENCH_WARMUP', 2),
  connections: envNumber('BENCH_CONNECTIONS', 32),
  /** Comma-separated substrings: only targets / scenarios whose name contains one run (all when unset). */
  targets: (process.env.BENCH_TARGETS ?? '').split(',').filter(Boolean),
  scenarios: (process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean),
};

/** True when `name` passes a BENCH_TARGETS / BENCH_SCENARIOS style filter. */
export const selected = (filter: string[], name: string) => filter.length === 0 || filter.some((part) => name.includes(part));

/** One measured line of a table. `baseline` rows are what the other rows of the scenario are divided by. */
export interface BenchRow {
  scenario: string;
  target: string;
  baseline?: boolean;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU time (user + system) the server process spent per completed request, in µs: robust to a busy machine. */
  cpuUsPerRequest?: number;
  /** The same for the PostgreSQL backends serving that process (its `application_name`), when asked for. */
  storeCpuUsPerRequest?: number;
  /** Memory suites: the server's highest resident set size (VmRSS) seen while the row was measured. */
  peakRssBytes?: number;
  /** Memory suites: the server's resident set size and V8 heap used when the row was taken. */
  rssBytes?: number;
  heapUsedBytes?: number;
  note?: string;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface RunningServer {
  name: string;
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  pid: number;
  logFile: string;
  /** Sends a signal (the CPU profiler preload toggles on SIGWINCH). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Extra node flags (e.g. `--cpu-prof`, `-r bench/profile/preload.js`). */
  nodeArgs?: string[];
  /** Path answering 2xx once the server is ready; default /health/ready. */
  readyPath?: string;
  name?: string;
  /**
   * Reads the server's stdout through a pipe at most this fast (bytes/s) into its log file, as a
   * slow reader of stdout (a busy log shipper) would; by default stdout goes straight to the file.
   */
  stdoutBytesPerSecond?: number;
}

export interface AutocannonRunOptions {
  url: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Autocannon request sequence; use `setupRequest` to vary ids or names per request. */
  requests?: AutocannonRequest[];
  durationSeconds?: number;
  /** Stop after this many requests instead of after `durationSeconds`. */
  amount?: number;
  connections?: number;
}

export interface AutocannonSummary {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
  /** Responses per HTTP status code. */
  statusCodes: Record<string, number>;
}

/** A fresh key for every run, in ENCRYPTION_KEYS form. */
export const BENCH_KEY_ID = 'bench';
const BENCH_KEY = randomBytes(32).toString('base64');

const FLOORS_SRC = join(ROOT, 'bench', 'floors');
const FLOORS_OUT = join(RESULTS_DIR, '.floors');

/** Transpiles bench/floors/*.ts into bench/results/.floors (node_modules still resolves from there). */
function compileFloors(entry: string): string {
  const { options } = ts.convertCompilerOptionsFromJson(
    (ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path)).config as { compilerOptions: unknown }).compilerOptions,
    ROOT,
  );
  mkdirSync(FLOORS_OUT, { recursive: true });
  for (const name of readdirSync(FLOORS_SRC).filter((file) => file.endsWith('.ts'))) {
    const output = ts.transpileModule(readFileSync(join(FLOORS_SRC, name), 'utf8'), { compilerOptions: { ...options, sourceMap: false }, fileName: name });
    writeFileSync(join(FLOORS_OUT, name.replace(/\.ts$/, '.js')), output.outputText);
  }
  return join(FLOORS_OUT, entry.replace(/\.ts$/, '.js'));
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system, all threads) a process has used so far; undefined off Linux. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** A process's resident set size in bytes (VmRSS from /proc); undefined off Linux. */
export function rssBytesOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Copies `stream` into the file `fd` at most `bytesPerSecond`; returns what stops it. */
function readSlowly(stream: Readable, fd: number, bytesPerSecond: number): () => void {
  stream.pause();
  const timer = setInterval(() => {
    let budget = Math.max(1, Math.floor(bytesPerSecond / 10));
    while (budget > 0 && stream.readableLength > 0) {
      const chunk = stream.read(Math.min(budget, stream.readableLength)) as Buffer | null;
      if (!chunk) break;
      writeSync(fd, chunk);
      budget -= chunk.length;
    }
  }, 100);
  return () => clearInterval(timer);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function adminQuery(serverUrl: string, sql: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

/** The PostgreSQL backends of one service process: those of its pool, named by `application_name` in its DATABASE_URL. */
export interface StoreBackends {
  applicationName: string;
}

/** `url` with `application_name` set, so that a process's PostgreSQL backends can be told apart (storeBackends). */
export function withApplicationName(url: string, applicationName: string): string {
  const named = new URL(url);
  named.searchParams.set('application_name', applicationName);
  return named.toString();
}

/**
 * CPU seconds the PostgreSQL backends of `store` have used so far (PostgreSQL runs on this machine, so
 * /proc has them). A backend that exits between two readings takes its CPU time with it; the pools of
 * the service keep theirs open while they are busy.
 */
async function storeCpuSecondsOf(store: StoreBackends): Promise<number | undefined> {
  const rows = await adminQuery(SETTINGS.serverUrl, 'SELECT pid FROM pg_stat_activity WHERE application_name = $1', [store.applicationName]);
  const seconds = rows.map((row) => cpuSecondsOf(Number(row.pid)));
  if (seconds.length === 0 || seconds.some((value) => value === undefined)) return undefined;
  return seconds.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready; see ${logFile}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`server not ready at ${url} after ${timeoutMs} ms; see ${logFile}`);
}

/** Runs autocannon in this process and reduces its result to the numbers we print. */
export function autocannonRun(options: AutocannonRunOptions): Promise<AutocannonSummary> {
  return new Promise((resolveRun, reject) => {
    autocannon(
      {
        url: options.url + (options.path ?? ''),
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        requests: options.requests,
        duration: options.durationSeconds ?? SETTINGS.durationSeconds,
        amount: options.amount,
        connections: options.connections ?? SETTINGS.connections,
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error);
        resolveRun({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          total: result.requests.total,
          statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])),
        });
      },
    );
  });
}

/** Everything a suite needs; owns every database and process it creates and disposes of them. */
export class BenchContext {
  readonly settings = SETTINGS;
  private readonly servers = new Set<RunningServer>();
  private readonly databases = new Set<ThrowawayDatabase>();
  private readonly dirs = new Set<string>();

  /** An empty database on the bench PostgreSQL server, dropped at dispose() (or by drop()). */
  async createDatabase(prefix = 'cs_bench'): Promise<ThrowawayDatabase> {
    const name = `${prefix}_${randomBytes(5).toString('hex')}`;
    await adminQuery(SETTINGS.serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(SETTINGS.serverUrl);
    url.pathname = `/${name}`;
    const database: ThrowawayDatabase = {
      name,
      url: url.toString(),
      drop: async () => {
        this.databases.delete(database);
        await adminQuery(SETTINGS.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
    this.databases.add(database);
    return database;
  }

  /**
   * The BUILT service on a free port, started as its package's `npm start` starts it (`node <its
   * flags> dist/main.js`, start-flags.ts; `options.nodeArgs` come after, so they win), production
   * settings: NODE_ENV=production, LOG_LEVEL=info (request logging is part of the service), a fresh
   * ENCRYPTION_KEYS. `env` wins. Its stdout/stderr go to a file under bench/results/logs (not through
   * this process).
   */
  async startService(env: Record<string, string>, options: SpawnOptions & { serviceDir?: string } = {}): Promise<RunningServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-'));
    this.dirs.add(dataDir);
    const serviceDir = options.serviceDir ?? SERVICE_DIR;
    const nodeArgs = [...startNodeFlagsOfBuild(serviceDir, ROOT), ...(options.nodeArgs ?? [])];
    return this.spawnNode([join(serviceDir, 'main.js')], {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ENCRYPTION_KEYS: `${BENCH_KEY_ID}:${BENCH_KEY}`,
      ENCRYPTION_ACTIVE_KEY_ID: BENCH_KEY_ID,
      ...env,
    }, { name: 'service', ...options, nodeArgs });
  }

  /**
   * A floor program (a .ts file under bench/floors), transpiled to plain JS with the project's compiler
   * options first, so the floor runs as plain node like dist/ does (no ts-node hooks in the process).
   */
  async startFloor(file: string, env: Record<string, string>, options: SpawnOptions = {}): Promise<RunningServer> {
    const main = compileFloors(basename(file));
    return this.spawnNode([main], { NODE_ENV: 'production', ...env }, { name: basename(file, '.ts'), ...options });
  }

  async spawnNode(args: string[], env: Record<string, string>, options: SpawnOptions = {}): Promise<RunningServer> {
    const port = await freePort();
    const name = options.name ?? 'server';
    mkdirSync(LOG_DIR, { recursive: true });
    const logFile = join(LOG_DIR, `${name}-${port}.log`);
    const log = openSync(logFile, 'w');
    const throttled = options.stdoutBytesPerSecond;
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port) },
      stdio: ['ignore', throttled ? 'pipe' : log, log],
    });
    const stopReading = throttled && child.stdout ? readSlowly(child.stdout, log, throttled) : () => undefined;
    if (!throttled) closeSync(log);
    const exited = new Promise<void>((done) => child.once('exit', () => done())).finally(() => {
      if (throttled) {
        stopReading();
        closeSync(log);
      }
    });
    const url = `http://127.0.0.1:${port}`;
    const server: RunningServer = {
      name,
      url,
      port,
      pid: child.pid ?? -1,
      logFile,
      signal: (signal) => {
        child.kill(signal);
      },
      stop: async () => {
        this.servers.delete(server);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
      },
    };
    this.servers.add(server);
    try {
      await waitReady(url + (options.readyPath ?? '/health/ready'), child, logFile);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /**
   * Warm-up run (discarded), then the measured run; returns one table row. With `server`, also the
   * server's CPU time per request (read from /proc), which a busy machine distorts far less than req/s.
   */
  async measure(
    row: { scenario: string; target: string; baseline?: boolean; note?: string },
    options: AutocannonRunOptions & { server?: RunningServer; store?: StoreBackends },
  ): Promise<BenchRow> {
    const { server, store, ...run } = options;
    if (SETTINGS.warmupSeconds > 0) await autocannonRun({ ...run, durationSeconds: SETTINGS.warmupSeconds });
    const cpuBefore = server ? cpuSecondsOf(server.pid) : undefined;
    const storeBefore = store ? await storeCpuSecondsOf(store) : undefined;
    const result = await autocannonRun(run);
    const cpuAfter = server ? cpuSecondsOf(server.pid) : undefined;
    const storeAfter = store ? await storeCpuSecondsOf(store) : undefined;
    const perRequest = (before: number | undefined, after: number | undefined) =>
      before !== undefined && after !== undefined && result.total > 0 ? ((after - before) * 1e6) / result.total : undefined;
    const cpuUsPerRequest = perRequest(cpuBefore, cpuAfter);
    const storeCpuUsPerRequest = perRequest(storeBefore, storeAfter);
    const measured: BenchRow = { ...row, rps: result.rps, p50: result.p50, p99: result.p99, errors: result.errors, non2xx: result.non2xx, cpuUsPerRequest, storeCpuUsPerRequest };
    process.stderr.write(`  ${row.scenario} · ${row.target}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms` +
      `${cpuUsPerRequest !== undefined ? `, ${cpuUsPerRequest.toFixed(0)} µs CPU/req` : ''}` +
      `${storeCpuUsPerRequest !== undefined ? ` + ${storeCpuUsPerRequest.toFixed(0)} µs PostgreSQL CPU/req` : ''}` +
      `${result.errors || result.non2xx ? `, errors ${result.errors}, non-2xx ${result.non2xx}` : ''}\n`);
    return measured;
  }

  async dispose(): Promise<void> {
    for (const server of [...this.servers]) await server.stop();
    for (const database of [...this.databases]) await database.drop().catch(() => undefined);
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
    this.dirs.clear();
  }
}

const round = (value: number, digits = 0) => value.toFixed(digits);

/**
 * Markdown table: one line per row; per baseline a `req/s ÷ <baseline>` column (throughput ratio within
 * the same scenario) and, when CPU was measured, a `CPU ÷ <baseline>` column: the baseline's CPU per
 * request over this row's (also "× as efficient"; 1.00× = same cost per request). When memory was
 * measured, peak RSS, RSS and heap used in MB and, per baseline, this row's over the baseline's (growth).
 */
export function formatTable(suite: string, rows: BenchRow[]): string {
  const baselines = [...new Set(rows.filter((row) => row.baseline).map((row) => row.target))];
  const withCpu = rows.some((row) => row.cpuUsPerRequest !== undefined);
  const withStoreCpu = rows.some((row) => row.storeCpuUsPerRequest !== undefined);
  const totalCpu = (row: BenchRow | undefined) =>
    row?.cpuUsPerRequest !== undefined && row.storeCpuUsPerRequest !== undefined ? row.cpuUsPerRequest + row.storeCpuUsPerRequest : undefined;
  const withPeak = rows.some((row) => row.peakRssBytes !== undefined);
  const withMemory = rows.some((row) => row.rssBytes !== undefined || row.heapUsedBytes !== undefined);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${round(a / b, 2)}×` : '');
  const megabytes = (bytes: number | undefined) => (bytes === undefined ? '' : round(bytes / 2 ** 20, 1));
  const header = [
    'scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', ...(withCpu ? ['CPU µs/req'] : []),
    ...(withStoreCpu ? ['PostgreSQL CPU µs/req'] : []),
    ...(withPeak ? ['peak RSS MB'] : []), ...(withMemory ? ['RSS MB', 'heap used MB'] : []),
    ...baselines.flatMap((name) => [
      `req/s ÷ ${name}`, ...(withCpu ? [`CPU ÷ ${name}`] : []), ...(withStoreCpu ? [`service + PostgreSQL CPU ÷ ${name}`] : []),
      ...(withPeak ? [`peak RSS ÷ ${name}`] : []), ...(withMemory ? [`RSS ÷ ${name}`, `heap ÷ ${name}`] : []),
    ]),
  ];
  const lines = rows.map((row) => {
    const ratios = baselines.flatMap((name) => {
      const base = rows.find((candidate) => candidate.baseline && candidate.target === name && candidate.scenario === row.scenario);
      return [
        ratio(row.rps, base?.rps), ...(withCpu ? [ratio(base?.cpuUsPerRequest, row.cpuUsPerRequest)] : []),
        ...(withStoreCpu ? [ratio(totalCpu(base), totalCpu(row))] : []),
        ...(withPeak ? [ratio(row.peakRssBytes, base?.peakRssBytes)] : []),
        ...(withMemory ? [ratio(row.rssBytes, base?.rssBytes), ratio(row.heapUsedBytes, base?.heapUsedBytes)] : []),
      ];
    });
    return [
      row.scenario, row.target + (row.note ? ` (${row.note})` : ''), round(row.rps), String(row.p50), String(row.p99), String(row.errors), String(row.non2xx),
      ...(withCpu ? [row.cpuUsPerRequest === undefined ? '' : round(row.cpuUsPerRequest, row.cpuUsPerRequest < 10 ? 1 : 0)] : []),
      ...(withStoreCpu ? [row.storeCpuUsPerRequest === undefined ? '' : round(row.storeCpuUsPerRequest)] : []),
      ...(withPeak ? [megabytes(row.peakRssBytes)] : []), ...(withMemory ? [megabytes(row.rssBytes), megabytes(row.heapUsedBytes)] : []),
      ...ratios,
    ];
  });
  const table = [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return `### ${suite}\n\n${table}\n`;
}

/** Writes bench/results/<suite>-<timestamp>.json (the folder is gitignored); returns its path. */
export function writeResults(suite: string, rows: BenchRow[]): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ suite, at: new Date().toISOString(), settings: { ...SETTINGS, serverUrl: undefined }, node: process.version, rows }, null, 2),
  );
  return file;
}

/** Runs `suite` on its own and prints its table when `entry` is the program's main module (`npx ts-node … <suite file>`). */
export function runIfMain(suite: BenchSuite, entry: NodeJS.Module): void {
  if (require.main !== entry) return;
  const ctx = new BenchContext();
  suite
    .run(ctx)
    .then((rows) => process.stdout.write(`\n${formatTable(suite.name, rows)}\n`))
    .finally(() => ctx.dispose())
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    });
}

import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { freePort } from './ports';
import { testHttpAdapter } from './http-adapter';
import { serviceProcessContract } from './response-contract/service-process-contract';

const ROOT = join(__dirname, '..', '..');

/** One line the service wrote on stdout: its pino JSON, or `{ raw }` for anything else. */
export type LogLine = Record<string, unknown> & { level?: number; msg?: string };

/** pino's numeric level of `error`: a line at this level or above is an error. */
export const PINO_ERROR = 50;

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The real service (src/main.ts) as a child process of the test, on a port of its own. */
export interface ServiceProcess {
  name: string;
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** A supertest agent on `url`. */
  http: TestAgent;
  /** Everything it wrote so far, stdout and stderr interleaved, as text. */
  output(): string;
  /** Every stdout line so far, parsed. */
  logs(): LogLine[];
  /** Resolves with the first stdout line (past or future) that `matches`; rejects after `timeoutMs` or when the process exits first. */
  waitForLog(matches: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Polls /health/ready until it answers 200; rejects (with the process's stderr) if it exits first or `timeoutMs` passes. */
  ready(timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<ServiceExit>;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL if still running; resolves once gone. */
  kill(): Promise<void>;
  /** SIGTERM if still running; resolves once gone (and its embedded store removed). */
  stop(): Promise<void>;
}

/** One key for every process a test starts, so that instances open each other's secrets. */
export const SERVICE_ENCRYPTION_KEYS = `proc:${randomBytes(32).toString('base64')}`;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const leftover of running) leftover.kill('SIGKILL');
  });
}

/**
 * `src/main.ts` as a process, as operators run it: its own environment only (PATH, LOG_LEVEL=info,
 * a shared test keyring, a free PORT, an embedded store in a directory of its own unless `env`
 * names a store) plus `env`; nothing else is inherited.
 */
async function spawnService(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; dataDir?: string }> {
  const port = await freePort();
  const dataDir =
    env.DATABASE_URL || env.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'cs-process-'));
  // The process checks its own responses against the document; its violations fail this test file.
  const contract = serviceProcessContract(
    'the service run as a process (test/support/service-process.ts)',
  );
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', ...contract.execArgv, 'src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...contract.env,
        PATH: process.env.PATH,
        LOG_LEVEL: 'info',
        ENCRYPTION_KEYS: SERVICE_ENCRYPTION_KEYS,
        PORT: String(port),
        // The adapter of the run (TEST_HTTP_ADAPTER, http-adapter.ts); a suite's own env may still name one.
        HTTP_ADAPTER: testHttpAdapter(),
        ...(dataDir ? { DATA_DIR: dataDir } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  killOnExit(child);
  child.once('exit', () => dataDir && rmSync(dataDir, { recursive: true, force: true }));
  return { child, port, dataDir };
}

/** Starts the service with `env` (see spawnService). Returns at once: call ready(). */
export async function startService(
  name: string,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const { child, port } = await spawnService(env);
  if (!child.stdout || !child.stderr) throw new Error('the service process has no output pipes');
  const url = `http://127.0.0.1:${port}`;
  const lines: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  let pending = '';
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete.filter(Boolean)) {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { raw: text };
      }
      lines.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    output += chunk;
  });
  let hasExited = false;
  const exited = new Promise<ServiceExit>((resolve) =>
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    }),
  );
  const exitError = (what: string) => async () => {
    const { code, signal } = await exited;
    return new Error(
      `${name} exited (${signal ?? code}) before ${what}; stderr:\n${stderr.slice(-4000)}`,
    );
  };

  const waitForLog = (
    matches: (line: LogLine) => boolean,
    timeoutMs = 30_000,
  ): Promise<LogLine> => {
    const seen = lines.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${name}: no such log line within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const listener = (line: LogLine) => {
        if (matches(line)) finish(undefined, line);
      };
      const finish = (error?: Error, line?: LogLine) => {
        clearTimeout(timer);
        listeners.delete(listener);
        if (error) reject(error);
        else resolve(line as LogLine);
      };
      listeners.add(listener);
      void exited.then(exitError('the awaited log line')).then((error) => finish(error));
    });
  };

  const ready = async (timeoutMs = 60_000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (hasExited) throw await exitError('it was ready')();
      const status = await fetch(`${url}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${name} was not ready within ${timeoutMs} ms; stderr:\n${stderr.slice(-4000)}`,
    );
  };

  return {
    name,
    port,
    url,
    http: request(url),
    output: () => output,
    logs: () => [...lines],
    waitForLog,
    ready,
    exited,
    signal: (signal) => child.kill(signal),
    kill: async () => {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (!hasExited) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The lines of `service` at error level or above (pino `error`, `fatal`), and any non-JSON line. */
export function errorLines(service: ServiceProcess): LogLine[] {
  return service.logs().filter((line) => 'raw' in line || (line.level ?? 0) >= PINO_ERROR);
}

/** Runs the service with `env` until it exits by itself (a boot that fails); SIGKILL after 60 s. */
export async function bootToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { child } = await spawnService(env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (exitCode) => resolve(exitCode)),
    );
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

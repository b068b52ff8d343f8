import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { freePort } from './ports';

const ROOT = join(__dirname, '..', '..');

/** `src/main.ts` as a process, exactly as operators run it (its own environment only, nothing inherited but PATH). */
function spawnService(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface ServiceProcess {
  http: TestAgent;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGTERM, then waits for the exit; removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts the real service on a free port and an embedded store of its own, and waits until
 * /health/live answers. `env` comes on top of PORT and DATA_DIR.
 */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-process-'));
  const port = await freePort();
  let output = '';
  const child = spawnService({ PORT: String(port), DATA_DIR: dataDir, ...env });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const http = request(`http://127.0.0.1:${port}`);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await http.get('/health/live')).status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || attempt > 150) {
      await stop();
      throw new Error(`service did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { http, output: () => output, stop };
}

/** Runs the service with `env` until it exits by itself (a boot that fails); gives up after 60 s. */
export async function bootToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-process-'));
  const child = spawnService({ PORT: String(await freePort()), DATA_DIR: dataDir, ...env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', (exitCode) => resolve(exitCode)),
    );
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

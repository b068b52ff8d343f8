import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** A throwaway redis-server of this machine, on 127.0.0.1 and a free port, without persistence. */
export interface TempRedis {
  port: number;
  /** redis://127.0.0.1:<port> */
  url: string;
  /** Stops the server (SIGTERM); its data is gone (no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  dispose(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startTempRedis(): Promise<TempRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cs-temp-redis-'));
  let server: ChildProcess | undefined;

  const start = async () => {
    if (server) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => running.forEach((leftover) => leftover.kill('SIGKILL')));
    }
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
      );
    });
    child.removeAllListeners('exit');
    child.once('exit', () => running.delete(child));
    server = child;
  };

  const stop = async () => {
    const child = server;
    if (!child) return;
    server = undefined;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

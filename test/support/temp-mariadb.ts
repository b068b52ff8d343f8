import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports';

const run = promisify(execFile);

/** A throwaway MariaDB server of this machine's binaries, run as the `mysql` OS user. */
export interface TempMariadb {
  port: number;
  /** The unix socket: `root` logs in there without a password (the admin account of fixtures). */
  socketPath: string;
  /** Stops the server (SIGTERM, waits for it to exit); the data and the port are kept for start(). */
  stop(): Promise<void>;
  /** Starts the same server again on the same port. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

export interface TempMariadbOptions {
  /** Serve TLS with this certificate, key and CA (PEM files; copied into the temp directory). */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

/** Servers still running when the process exits are killed (a crashed suite leaks none). */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Small InnoDB, no binary log, no name resolution: a test server, not a tuned one. */
const LEAN = [
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=4M',
  '--innodb-flush-log-at-trx-commit=0',
  '--skip-log-bin',
  '--skip-name-resolve',
];

async function waitUntilAccepting(socketPath: string, child: ChildProcess): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) break;
    try {
      const admin = await createConnection({ socketPath, user: 'root' });
      await admin.end();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the temporary MariaDB did not start: ${String(lastError)}`);
}

/** Where Debian's mariadb-server keeps the bootstrap scripts `mariadb-install-db` feeds the server. */
const BOOTSTRAP_DIR = '/usr/share/mysql';
/** System tables only: no help tables, no sys schema, no test database (what mariadb-install-db adds). */
const BOOTSTRAP_SCRIPTS = [
  'mysql_system_tables.sql',
  'mysql_performance_tables.sql',
  'mysql_system_tables_data.sql',
];

/**
 * What `mariadb-install-db` does, minus what a test server does not need: `mariadbd --bootstrap`
 * fed the system-table scripts, `root` authenticated by the unix socket (about a third of the time).
 */
async function bootstrap(dataDir: string): Promise<void> {
  const sql = [
    'CREATE DATABASE IF NOT EXISTS mysql;',
    'USE mysql;',
    `SET @auth_root_socket='root';`,
    ...BOOTSTRAP_SCRIPTS.map((name) => readFileSync(join(BOOTSTRAP_DIR, name), 'utf8')),
  ].join('\n');
  const server = spawn(
    'mariadbd',
    [
      '--no-defaults',
      '--bootstrap',
      '--user=mysql',
      `--datadir=${dataDir}`,
      '--log-warnings=0',
      '--enforce-storage-engine=',
      '--max-allowed-packet=8M',
      '--net-buffer-length=16K',
      ...LEAN,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let errors = '';
  server.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  server.stdin.end(sql);
  const [code] = (await once(server, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`mariadbd --bootstrap failed (${code}): ${errors.slice(-500)}`);
}

/**
 * A data directory bootstrapped in a fresh temp directory, then `mariadbd` on 127.0.0.1 and a free port,
 * its socket inside the temp directory, and (with `tls`) `--ssl-cert/--ssl-key/--ssl-ca`, so TLS
 * is offered to clients that ask for it (plain connections stay allowed).
 */
export async function startTempMariadb(options: TempMariadbOptions = {}): Promise<TempMariadb> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-temp-mariadb-'));
  const dataDir = join(dir, 'data');
  const socketPath = join(dir, 'mysqld.sock');
  let child: ChildProcess | undefined;
  try {
    const { stdout } = await run('id', ['-u', 'mysql']);
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', 'mysql'])).stdout.trim());
    chownSync(dir, uid, gid);
    mkdirSync(dataDir);
    chownSync(dataDir, uid, gid);
    await bootstrap(dataDir);
    const tlsArgs: string[] = [];
    if (options.tls) {
      for (const [source, name, flag] of [
        [options.tls.certFile, 'server.crt', '--ssl-cert'],
        [options.tls.keyFile, 'server.key', '--ssl-key'],
        [options.tls.caFile, 'ca.crt', '--ssl-ca'],
      ] as const) {
        const file = join(dir, name);
        copyFileSync(source, file);
        chownSync(file, uid, gid);
        tlsArgs.push(`${flag}=${file}`);
      }
    }
    const port = await freePort();
    const args = [
      '--no-defaults',
      '--user=mysql',
      `--datadir=${dataDir}`,
      `--socket=${socketPath}`,
      `--pid-file=${join(dir, 'mariadbd.pid')}`,
      `--log-error=${join(dir, 'error.log')}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      '--max-connections=50',
      '--performance-schema=OFF',
      ...LEAN,
      ...tlsArgs,
    ];
    let server: ChildProcess | undefined;
    const start = async (): Promise<void> => {
      if (server) return;
      server = child = spawn('mariadbd', args, { stdio: 'ignore' });
      running.add(server);
      installExitHook();
      await waitUntilAccepting(socketPath, server);
    };
    const stop = async (): Promise<void> => {
      const stopping = server;
      if (!stopping) return;
      server = undefined;
      if (stopping.exitCode === null) {
        const exited = once(stopping, 'exit');
        stopping.kill('SIGTERM');
        await exited;
      }
      running.delete(stopping);
    };
    await start();
    return {
      port,
      socketPath,
      stop,
      start,
      dispose: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) {
      child.kill('SIGKILL');
      running.delete(child);
    }
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

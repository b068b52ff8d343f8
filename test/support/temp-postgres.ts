import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster of this machine's binaries, owned by the `postgres` OS user. */
export interface TempPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust auth; default database `postgres`). */
  url(database?: string): string;
  /** Stops the cluster (fast shutdown); the port and data are kept for start(). */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port. */
  start(): Promise<void>;
  /** Stops the cluster and deletes its directory. */
  dispose(): Promise<void>;
}

export interface TempPostgresOptions {
  /**
   * Serve TLS with this certificate and key (PEM files; copied into the data directory). A TLS
   * cluster accepts TCP connections over TLS only (`hostssl` in pg_hba.conf), so a client with
   * TLS disabled is refused, unless `alsoPlain` (then `host` lines accept both).
   */
  tls?: { certFile: string; keyFile: string; alsoPlain?: boolean };
  /**
   * TCP logins of every role except `postgres` must give their password (scram-sha-256); `postgres`
   * keeps trust so `url()` still works. Off by default (trust for everyone).
   */
  passwordAuth?: boolean;
  /** pg_hba.conf lines placed before the generated ones (e.g. `hostnossl all some_role 127.0.0.1/32 reject`). */
  hbaFirst?: string[];
}

/** Directory of the newest installed PostgreSQL server binaries (e.g. /usr/lib/postgresql/15/bin). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}`);
  return join(root, versions[0], 'bin');
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** Clusters still running when the process exits are stopped synchronously (a crashed suite leaks none). */
const running = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const stopSync of running) stopSync();
  });
}

/**
 * initdb into a fresh temp directory (as the `postgres` user: initdb refuses root), listen on
 * 127.0.0.1 only on a free port, unix socket inside the temp directory, trust auth, and start it.
 */
export async function startTempPostgres(options: TempPostgresOptions = {}): Promise<TempPostgres> {
  const bin = postgresBinDir();
  const { uid, gid } = postgresIds();
  const dir = mkdtempSync(join(tmpdir(), 'cs-temp-pg-'));
  chownSync(dir, uid, gid);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const asPostgres = (program: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { cwd: dir });

  try {
    await asPostgres('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    const port = await freePort();
    const settings = [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 50',
      'shared_buffers = 16MB',
    ];
    const hba = [`local all all trust`, ...(options.hbaFirst ?? [])];
    const hostType = options.tls && !options.tls.alsoPlain ? 'hostssl' : 'host';
    if (options.passwordAuth) {
      hba.push(
        `${hostType} all postgres 127.0.0.1/32 trust`,
        `${hostType} all all 127.0.0.1/32 scram-sha-256`,
      );
    } else {
      hba.push(`${hostType} all all 127.0.0.1/32 trust`);
    }
    if (options.tls) {
      for (const [source, name] of [
        [options.tls.certFile, 'server.crt'],
        [options.tls.keyFile, 'server.key'],
      ] as const) {
        const file = join(dataDir, name);
        copyFileSync(source, file);
        chownSync(file, uid, gid);
        chmodSync(file, 0o600);
      }
      settings.push('ssl = on', `ssl_cert_file = 'server.crt'`, `ssl_key_file = 'server.key'`);
    }
    writeFileSync(join(dataDir, 'postgresql.auto.conf'), `${settings.join('\n')}\n`);
    writeFileSync(join(dataDir, 'pg_hba.conf'), `${hba.join('\n')}\n`);

    const stopSync = () => {
      try {
        execFileSync(
          'runuser',
          [
            '-u',
            'postgres',
            '--',
            join(bin, 'pg_ctl'),
            '-D',
            dataDir,
            '-m',
            'immediate',
            '-w',
            'stop',
          ],
          {
            stdio: 'ignore',
          },
        );
      } catch {
        // already stopped
      }
    };
    let isRunning = false;
    const start = async () => {
      if (isRunning) return;
      await asPostgres('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', 'start']);
      isRunning = true;
      installExitHook();
      running.add(stopSync);
    };
    const stop = async () => {
      if (!isRunning) return;
      await asPostgres('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
      isRunning = false;
      running.delete(stopSync);
    };
    await start();
    return {
      port,
      url: (database = 'postgres') =>
        `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      start,
      stop,
      dispose: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

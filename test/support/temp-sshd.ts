import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** Debian's OpenSSH server; `.ci/run` installs it (openssh-server). Never the system's running sshd. */
export const DEBIAN_SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/** The user keys the throwaway sshd accepts (private keys as their files hold them). */
export interface SshUserKeys {
  ed25519: string;
  ecdsa: string;
  rsa: string;
  /** RSA in the legacy PEM format (`-----BEGIN RSA PRIVATE KEY-----`). */
  rsaPem: string;
  /** ed25519, encrypted with `passphrase`. */
  encrypted: string;
  passphrase: string;
  /** A key the server does not know. */
  unknown: string;
}

/** A throwaway OpenSSH server on a loopback address with a throwaway OS user (see startTempSshd). */
export interface TempSshd {
  /** The loopback address it listens on (127.0.0.1 unless asked otherwise). */
  address: string;
  port: number;
  userName: string;
  password: string;
  /** The host key's `SHA256:<base64>` as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** The fingerprint of another host key (a "wrong" pin). */
  otherHostKeyFingerprint: string;
  keys: SshUserKeys;
  /** sshd's log (stderr, `-e`, LogLevel DEBUG1) from `mark` on (a number from `logMark()`). */
  logSince(mark: number): string;
  logMark(): number;
  /** The OS processes running as the throwaway user (the bastion's sessions). */
  userProcesses(): number[];
  /** Stops sshd, removes the OS user and the temp directory (also run at process exit). */
  dispose(): Promise<void>;
}

/** OpenSSH ≥ 9.8 penalises sources that fail to authenticate (PerSourcePenalties); the tests fail on purpose, often. */
function versionAtLeast(banner: string, major: number, minor: number): boolean {
  const match = /OpenSSH_(\d+)\.(\d+)/.exec(banner);
  if (!match) return false;
  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have > major || (have === major && haveMinor >= minor);
}

function sshdVersionBanner(): string {
  try {
    // `sshd -V` prints its version on stderr (and exits 0 since 9.x).
    return execFileSync(DEBIAN_SSHD, ['-V'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return typeof stderr === 'string' ? stderr : '';
  }
}

function keygen(dir: string, name: string, args: string[]): string {
  const file = join(dir, name);
  execFileSync(SSH_KEYGEN, ['-q', '-C', name, '-f', file, ...args], { stdio: 'pipe' });
  return file;
}

function fingerprintOf(publicKeyFile: string): string {
  // "256 SHA256:… comment (ED25519)"
  const printed = execFileSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', publicKeyFile], {
    encoding: 'utf8',
  });
  const fingerprint = printed.split(' ')[1];
  if (!fingerprint?.startsWith('SHA256:'))
    throw new Error(`unexpected ssh-keygen output: ${printed}`);
  return fingerprint;
}

/** Throwaway users and servers still around when the process exits are removed synchronously. */
const leftovers = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const cleanup of leftovers) cleanup();
  });
}

function removeUser(userName: string): void {
  try {
    // -f: even when a session of the user is still running (the test then fails on its own).
    execFileSync('userdel', ['-f', userName], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/**
 * Starts Debian's sshd as root (`-D -e -f <config>`), on a free port of `address` (default
 * 127.0.0.1; another loopback address such as 127.0.0.2 lets a test allow the bastion by CIDR
 * without allowing the database at 127.0.0.1), with a generated
 * ed25519 host key, a throwaway OS user (useradd; its password set with chpasswd) whose
 * authorized keys (ed25519, ECDSA, RSA, legacy PEM RSA, an encrypted ed25519) live in the temp
 * directory, password authentication on, and forwarding allowed to loopback targets only
 * (PermitOpen 127.0.0.1:* localhost:*). A missing sshd is a failure with the fix, never a skip.
 */
export async function startTempSshd(
  options: { address?: `127.${number}.${number}.${number}` } = {},
): Promise<TempSshd> {
  const address = options.address ?? '127.0.0.1';
  if (!existsSync(DEBIAN_SSHD)) {
    throw new Error(
      `Debian's OpenSSH server is not installed at ${DEBIAN_SSHD}: the SSH tunnel suites need it ` +
        '(apt-get install -y openssh-server; .ci/run installs it when it is missing).',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'cs-sshd-'));
  // sshd reads authorized_keys as the user: the directory must let it in.
  chmodSync(dir, 0o755);
  const userName = `cs_ssh_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  let sshd: ChildProcess | undefined;
  const cleanupSync = (): void => {
    if (sshd && sshd.exitCode === null) sshd.kill('SIGKILL');
    removeUser(userName);
    rmSync(dir, { recursive: true, force: true });
  };
  installExitHook();
  leftovers.add(cleanupSync);
  try {
    const hostKey = keygen(dir, 'host_ed25519', ['-t', 'ed25519', '-N', '']);
    const otherHostKey = keygen(dir, 'other_host_ed25519', ['-t', 'ed25519', '-N', '']);
    const passphrase = `phrase-${randomBytes(6).toString('hex')}`;
    const files = {
      ed25519: keygen(dir, 'user_ed25519', ['-t', 'ed25519', '-N', '']),
      ecdsa: keygen(dir, 'user_ecdsa', ['-t', 'ecdsa', '-b', '256', '-N', '']),
      rsa: keygen(dir, 'user_rsa', ['-t', 'rsa', '-b', '2048', '-N', '']),
      rsaPem: keygen(dir, 'user_rsa_pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '']),
      encrypted: keygen(dir, 'user_encrypted', ['-t', 'ed25519', '-N', passphrase]),
      unknown: keygen(dir, 'user_unknown', ['-t', 'ed25519', '-N', '']),
    };
    const authorized = (['ed25519', 'ecdsa', 'rsa', 'rsaPem', 'encrypted'] as const)
      .map((name) => readFileSync(`${files[name]}.pub`, 'utf8').trim())
      .join('\n');
    writeFileSync(join(dir, 'authorized_keys'), `${authorized}\n`, { mode: 0o644 });

    execFileSync('useradd', ['-M', '-N', '-d', dir, '-s', '/bin/sh', userName], { stdio: 'pipe' });
    // Also unlocks the account: with UsePAM no, sshd refuses a locked account every method.
    execFileSync('chpasswd', [], {
      input: `${userName}:${password}\n`,
      stdio: ['pipe', 'pipe', 'pipe'],
    });

    const port = await freePort();
    const config = [
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin no',
      `AllowUsers ${userName}`,
      'AllowTcpForwarding local',
      'PermitOpen 127.0.0.1:* localhost:*',
      'AllowAgentForwarding no',
      'X11Forwarding no',
      'PermitTTY no',
      'MaxStartups 50',
      'LogLevel DEBUG1',
      ...(versionAtLeast(sshdVersionBanner(), 9, 8) ? ['PerSourcePenalties no'] : []),
    ];
    const configFile = join(dir, 'sshd_config');
    writeFileSync(configFile, `${config.join('\n')}\n`);
    // The privilege separation directory Debian's packaging normally creates.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

    let log = '';
    const started = spawn(DEBIAN_SSHD, ['-D', '-e', '-f', configFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    sshd = started;
    started.stderr?.setEncoding('utf8');
    started.stderr?.on('data', (chunk: string) => (log += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`sshd did not start listening:\n${log}`)),
        15_000,
      );
      const check = (): void => {
        if (log.includes(`Server listening on ${address} port ${port}`)) {
          clearTimeout(timer);
          started.stderr?.removeListener('data', check);
          resolve();
        }
      };
      started.stderr?.on('data', check);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd exited (${code}) before listening:\n${log}`));
      });
    });
    started.removeAllListeners('exit');

    const userProcesses = (): number[] => {
      try {
        return execFileSync('pgrep', ['-u', userName], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean)
          .map(Number);
      } catch {
        return []; // pgrep exits 1 when nothing matches
      }
    };
    const read = (file: string) => readFileSync(file, 'utf8');
    return {
      address,
      port,
      userName,
      password,
      hostKeyFingerprint: fingerprintOf(`${hostKey}.pub`),
      otherHostKeyFingerprint: fingerprintOf(`${otherHostKey}.pub`),
      keys: {
        ed25519: read(files.ed25519),
        ecdsa: read(files.ecdsa),
        rsa: read(files.rsa),
        rsaPem: read(files.rsaPem),
        encrypted: read(files.encrypted),
        passphrase,
        unknown: read(files.unknown),
      },
      logMark: () => log.length,
      logSince: (mark) => log.slice(mark),
      userProcesses,
      dispose: async () => {
        if (started.exitCode === null) {
          const exited = once(started, 'exit');
          started.kill('SIGTERM');
          await exited;
        }
        removeUser(userName);
        rmSync(dir, { recursive: true, force: true });
        leftovers.delete(cleanupSync);
      },
    };
  } catch (error) {
    cleanupSync();
    leftovers.delete(cleanupSync);
    throw error;
  }
}

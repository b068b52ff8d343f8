import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CA, a server certificate it signed for `localhost`, and an unrelated second CA. */
export interface TlsFixtures {
  dir: string;
  /** PEM of the CA that signed the server certificate. */
  caPem: string;
  /** The same CA as a file (what servers read to check client certificates). */
  caFile: string;
  /** PEM of a CA that signed nothing here (a "wrong CA"). */
  wrongCaPem: string;
  /** Server certificate (CN and SAN `localhost`) and its key, as files (what servers read). */
  certFile: string;
  keyFile: string;
  dispose(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function selfSignedCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
  ]);
}

/** Generates the fixtures with the `openssl` CLI into a fresh temp directory. */
export function createTlsFixtures(): TlsFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'cs-tls-'));
  try {
    selfSignedCa(dir, 'test-ca');
    selfSignedCa(dir, 'wrong-ca');
    openssl(dir, [
      'req',
      ...EC_KEY,
      '-subj',
      '/CN=localhost',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    ]);
    writeFileSync(
      join(dir, 'server.ext'),
      'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
    );
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'test-ca.crt',
      '-CAkey',
      'test-ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ]);
    return {
      dir,
      caPem: readFileSync(join(dir, 'test-ca.crt'), 'utf8'),
      caFile: join(dir, 'test-ca.crt'),
      wrongCaPem: readFileSync(join(dir, 'wrong-ca.crt'), 'utf8'),
      certFile: join(dir, 'server.crt'),
      keyFile: join(dir, 'server.key'),
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

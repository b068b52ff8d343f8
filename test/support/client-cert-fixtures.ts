import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TlsFixtures } from './tls-fixtures';

/** A client certificate (CN `connections-client` unless named) the fixtures' test CA signed, and its key (PEM). */
export interface ClientCertificate {
  certPem: string;
  keyPem: string;
}

/** Generates it with the `openssl` CLI in the fixtures' directory (removed with them). */
export function createClientCertificate(
  fixtures: TlsFixtures,
  commonName = 'connections-client',
): ClientCertificate {
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: fixtures.dir, stdio: 'pipe' });
  };
  openssl([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    `/CN=${commonName}`,
    '-keyout',
    'client.key',
    '-out',
    'client.csr',
  ]);
  writeFileSync(
    join(fixtures.dir, 'client.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  openssl([
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'test-ca.crt',
    '-CAkey',
    'test-ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'client.ext',
    '-out',
    'client.crt',
  ]);
  return {
    certPem: readFileSync(join(fixtures.dir, 'client.crt'), 'utf8'),
    keyPem: readFileSync(join(fixtures.dir, 'client.key'), 'utf8'),
  };
}

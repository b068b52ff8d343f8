/**
 * What `npm run test:engines` needs to reach the compose servers (docker/compose.test.yaml) or
 * any server the TEST_*_URL variables name: the fixture account's target, the TLS material of
 * docker/tls/make-certs.sh, and a first probe that FAILS the suite (never skips it) when the
 * server cannot be reached.
 */
import { lookup } from 'node:dns/promises';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { callContext } from '../../src/drivers/call-context';
import { DatabaseDriver, DriverError, DriverTarget } from '../../src/drivers/database-driver';
import { EngineType } from '../../src/engines/engine';

export interface ComposeServer {
  /** The variable that names the server, for failure messages. */
  variable: string;
  /** The fixture account on the fixture database, dialling the URL's address. */
  reader(overrides?: Partial<DriverTarget>): DriverTarget;
}

/** The URL of `variable`, or the compose default; user, password and database come from it. */
export async function composeServer(
  type: EngineType,
  variable: string,
  defaultUrl: string,
  extra: Partial<DriverTarget> = {},
): Promise<ComposeServer> {
  const url = new URL(process.env[variable] || defaultUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const resolved = isIP(host) ? { address: host, family: isIP(host) } : await lookup(host);
  const reader = (overrides: Partial<DriverTarget> = {}): DriverTarget => ({
    id: '0190a000-0000-7000-8000-00000000c0f0',
    type,
    host,
    port: Number(url.port),
    databaseName: decodeURIComponent(url.pathname.slice(1)),
    userName: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    schema: null,
    ssl: null,
    metadata: {},
    approved: { host, address: resolved.address, family: resolved.family === 6 ? 6 : 4 },
    ...extra,
    ...overrides,
  });
  return { variable, reader };
}

/** Fails (with the reason the driver gave) when the server does not answer a probe. */
export async function mustAnswer(
  driver: DatabaseDriver,
  server: ComposeServer,
  deadlineMs: number,
): Promise<void> {
  const target = server.reader();
  try {
    await driver.probe(target, callContext(deadlineMs));
  } catch (error) {
    const why = error instanceof DriverError ? `${error.reason} at ${error.stage}` : String(error);
    throw new Error(
      `${server.variable}: the server at ${target.host}:${target.port} cannot be reached as ` +
        `${target.userName} (${why}). Start it (docker/compose.test.yaml) or point ${server.variable} at one.`,
    );
  }
}

/** Where docker/tls/make-certs.sh wrote its material (TEST_ENGINES_TLS_DIR overrides). */
function tlsFile(name: string): string {
  const dir =
    process.env.TEST_ENGINES_TLS_DIR || join(__dirname, '..', '..', 'docker', 'tls', 'out');
  const file = join(dir, name);
  if (!existsSync(file)) {
    throw new Error(`no ${file}: run docker/tls/make-certs.sh before starting the compose servers`);
  }
  return readFileSync(file, 'utf8');
}

/** The CA and the unrelated CA of docker/tls/make-certs.sh. */
export function composeTlsMaterial(): { caPem: string; wrongCaPem: string } {
  return { caPem: tlsFile('ca.crt'), wrongCaPem: tlsFile('wrong-ca.crt') };
}

/** The client certificate and key of docker/tls/make-certs.sh (signed by its CA). */
export function composeClientCertificate(): { cert: string; key: string } {
  return { cert: tlsFile('client.crt'), key: tlsFile('client.key') };
}

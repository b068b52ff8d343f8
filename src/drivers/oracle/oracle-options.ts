import { isIP } from 'node:net';
import type { ConnectionAttributes } from 'oracledb';
import { DriverCallContext, DriverError, DriverTarget, dialPort } from '../database-driver';
import { remainingSeconds } from '../kit/deadline';
import type { OracleDial, OracleTlsIdentity } from './oracle-job';

/** Service names: letters, digits and `._$#-` only — nothing that could open or close a descriptor. */
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._$#-]{0,127}$/;

/** The service to ask for: `metadata.serviceName` overrides `databaseName` (spec §1). */
export function oracleServiceName(target: DriverTarget): string {
  return (target.metadata.serviceName ?? target.databaseName).trim();
}

/**
 * A full connect descriptor from validated parts only: the approved address (an IP literal), the
 * port (an integer) and a service name restricted to SERVICE_NAME — no value can inject `(`, `)`,
 * `=` or a second ADDRESS. A service name that cannot exist is DATABASE_NOT_FOUND without a dial.
 */
export function oracleConnectDescriptor(target: DriverTarget): string {
  const address = target.approved.address;
  const port = dialPort(target);
  const service = oracleServiceName(target);
  if (isIP(address) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DriverError('UNKNOWN', 'connect');
  }
  if (!SERVICE_NAME.test(service)) throw new DriverError('DATABASE_NOT_FOUND', 'connect');
  const tls = target.ssl !== null && target.ssl.mode !== 'disable';
  const security = tls
    ? `(SECURITY=(SSL_SERVER_DN_MATCH=${target.ssl?.mode === 'verify-full' ? 'yes' : 'no'}))`
    : '';
  return (
    `(DESCRIPTION=(RETRY_COUNT=0)(ADDRESS=(PROTOCOL=${tls ? 'TCPS' : 'TCP'})(HOST=${address})(PORT=${port}))` +
    `(CONNECT_DATA=(SERVICE_NAME=${service}))${security})`
  );
}

/**
 * The one address and port the worker lets thin mode connect to: the descriptor's own (the
 * approved address, or an SSH tunnel's loopback end). A listener's REDIRECT to anything else is
 * refused in the worker (oracle-job.worker.ts `guardDials`).
 */
export function oracleDial(target: DriverTarget): OracleDial {
  return { address: target.approved.address, port: dialPort(target) };
}

/**
 * The PEM wallet thin mode is handed in memory (`walletContent`). Thin mode gives the one string
 * to Node as `cert`, `key` and `ca` at once, and Node takes the first certificate of `cert` as the
 * client's: so the client certificate comes first, then the CA, then the key. Without a client
 * certificate or key the wallet is the CA alone (the worker lets thin mode use such a wallet, see
 * oracle-job.worker.ts). Undefined when there is nothing to hand over.
 */
export function oracleWallet(ssl: DriverTarget['ssl']): string | undefined {
  if (!ssl || ssl.mode === 'disable') return undefined;
  const parts = [ssl.cert, ssl.ca, ssl.key].filter(
    (part): part is string => part !== undefined && part.trim() !== '',
  );
  return parts.length > 0 ? parts.map((part) => part.trim()).join('\n') + '\n' : undefined;
}

/**
 * What `verify-full` checks the server certificate against: the stored host name, although the
 * descriptor carries the approved address. Thin mode checks the descriptor's HOST, so the worker
 * maps that address to this name for the check (oracle-job.worker.ts). Undefined below
 * `verify-full` and when the host is the address itself.
 */
export function oracleTlsIdentity(target: DriverTarget): OracleTlsIdentity | undefined {
  if (target.ssl?.mode !== 'verify-full') return undefined;
  if (target.host === target.approved.address) return undefined;
  return { dialled: target.approved.address, name: target.host };
}

/**
 * Connect attributes per spec §5: `disable` → TCP; `require` → TCPS without DN match;
 * `verify-ca` → TCPS with the CA; `verify-full` → TCPS with the CA and the server certificate
 * checked against the stored host name. The CA, the client certificate and its key travel in
 * memory as one PEM wallet (`walletContent`). Thin mode always verifies the chain (there is no
 * "trust anything" switch), so `require` against a self-signed server needs its CA too.
 */
export function oracleConnectAttributes(
  target: DriverTarget,
  context: DriverCallContext,
): ConnectionAttributes {
  const seconds = remainingSeconds(context);
  const attributes: ConnectionAttributes = {
    user: target.userName,
    password: target.password,
    connectString: oracleConnectDescriptor(target),
    connectTimeout: seconds,
    transportConnectTimeout: seconds,
  };
  const ssl = target.ssl;
  if (ssl && ssl.mode !== 'disable') {
    const wallet = oracleWallet(ssl);
    if (wallet) attributes.walletContent = wallet;
    attributes.sslServerDNMatch = ssl.mode === 'verify-full';
  }
  return attributes;
}

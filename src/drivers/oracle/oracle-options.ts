import { isIP } from 'node:net';
import type { ConnectionAttributes } from 'oracledb';
import { DriverCallContext, DriverError, DriverTarget, dialPort } from '../database-driver';
import { remainingSeconds } from '../kit/deadline';

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
 * Connect attributes per spec §5: `disable` → TCP; `require` → TCPS without DN match;
 * `verify-ca` → TCPS with the CA; `verify-full` → TCPS with the CA and DN match. The CA travels
 * in memory as `walletContent` (PEM). Thin mode always verifies the chain (there is no "trust
 * anything" switch), so `require` against a self-signed server needs its CA too. DN match checks
 * the certificate against the dialled (approved) address.
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
    if (ssl.ca) attributes.walletContent = ssl.ca;
    attributes.sslServerDNMatch = ssl.mode === 'verify-full';
  }
  return attributes;
}

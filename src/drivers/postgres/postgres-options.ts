import { isIP } from 'node:net';
import { checkServerIdentity, ConnectionOptions } from 'node:tls';
import { ClientConfig } from 'pg';
import { DriverCallContext, DriverTarget, dialPort } from '../database-driver';
import { remainingMs } from '../kit/deadline';

/** How the service names itself to the database (pg_stat_activity.application_name). */
export const POSTGRES_APPLICATION_NAME = 'connections-service';

/** Every session is read-only from its first statement (a startup parameter, no extra round trip). */
export const POSTGRES_READ_ONLY_OPTIONS = '-c default_transaction_read_only=on';

/**
 * TLS options for `pg` per spec §5: disable → off; require → on without any certificate check;
 * verify-ca → the chain must lead to `ca` but the name is not checked; verify-full → chain and the
 * connection's host name (`target.host`, not the dialled address) are checked. PEMs stay in memory.
 */
export function postgresSsl(target: DriverTarget): false | ConnectionOptions {
  const ssl = target.ssl;
  if (!ssl || ssl.mode === 'disable') return false;
  const clientCertificate: ConnectionOptions = {
    ...(ssl.cert ? { cert: ssl.cert } : {}),
    ...(ssl.key ? { key: ssl.key } : {}),
  };
  const ca: ConnectionOptions = ssl.ca ? { ca: ssl.ca } : {};
  switch (ssl.mode) {
    case 'require':
      return { ...clientCertificate, rejectUnauthorized: false };
    case 'verify-ca':
      return {
        ...clientCertificate,
        ...ca,
        rejectUnauthorized: true,
        checkServerIdentity: () => undefined,
      };
    case 'verify-full':
      return {
        ...clientCertificate,
        ...ca,
        rejectUnauthorized: true,
        // SNI carries the name (never an IP literal, RFC 6066); the check always uses target.host.
        ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
        checkServerIdentity: (_dialled, certificate) =>
          checkServerIdentity(target.host, certificate),
      };
  }
}

/**
 * `pg` Client options from structured fields only: no connection string is ever built, so no
 * value (user name, database, password) can change the address, port or parameters. The host is
 * the address the host policy approved; every timeout is bounded by the call's deadline.
 */
export function postgresClientConfig(
  target: DriverTarget,
  context: DriverCallContext,
  now = Date.now(),
): ClientConfig {
  const remaining = remainingMs(context, now);
  return {
    host: target.approved.address,
    port: dialPort(target),
    user: target.userName,
    password: target.password,
    database: target.databaseName,
    ssl: postgresSsl(target),
    connectionTimeoutMillis: remaining,
    statement_timeout: remaining,
    query_timeout: remaining,
    application_name: POSTGRES_APPLICATION_NAME,
    options: POSTGRES_READ_ONLY_OPTIONS,
    keepAlive: false,
  };
}

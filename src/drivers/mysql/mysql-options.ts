import { ConnectionOptions, SslOptions } from 'mysql2';
import { DriverCallContext, DriverTarget } from '../database-driver';
import { remainingMs } from '../kit/deadline';

/**
 * TLS options for `mysql2` per spec §5 (PEMs stay in memory): disable → none; require → on, no
 * certificate check; verify-ca → the chain must lead to `ca`, the name is not checked (mysql2 then
 * passes a no-op checkServerIdentity); verify-full → chain and host name (`verifyIdentity`, checked
 * against the `host` option, which is `target.host` — see mysqlConnectionOptions).
 */
export function mysqlSsl(target: DriverTarget): SslOptions | undefined {
  const ssl = target.ssl;
  if (!ssl || ssl.mode === 'disable') return undefined;
  const clientCertificate: SslOptions = {
    ...(ssl.cert ? { cert: ssl.cert } : {}),
    ...(ssl.key ? { key: ssl.key } : {}),
  };
  const ca: SslOptions = ssl.ca ? { ca: ssl.ca } : {};
  switch (ssl.mode) {
    case 'require':
      return { ...clientCertificate, rejectUnauthorized: false, verifyIdentity: false };
    case 'verify-ca':
      return { ...clientCertificate, ...ca, rejectUnauthorized: true, verifyIdentity: false };
    case 'verify-full':
      return { ...clientCertificate, ...ca, rejectUnauthorized: true, verifyIdentity: true };
  }
}

/**
 * `mysql2` options from structured fields only (never a URI). mysql2 is handed the socket to use
 * (`stream`, dialled by the caller to `target.approved.address`), so `host` is never dialled: it is
 * `target.host`, which mysql2 uses only as the TLS server name and for the certificate's name
 * check. LOCAL INFILE and multi-statements are off.
 */
export function mysqlConnectionOptions(
  target: DriverTarget,
  context: DriverCallContext,
  now = Date.now(),
): ConnectionOptions {
  const ssl = mysqlSsl(target);
  return {
    host: target.host,
    port: target.port,
    user: target.userName,
    password: target.password,
    database: target.databaseName,
    connectTimeout: remainingMs(context, now),
    multipleStatements: false,
    flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
    ...(ssl ? { ssl } : {}),
  };
}

/** Session settings run after connecting: read-only, then the statement timeout of each engine. */
export const MYSQL_READ_ONLY_SQL = 'SET SESSION TRANSACTION READ ONLY';
/** MariaDB: seconds (fractional allowed). */
export const MARIADB_STATEMENT_TIMEOUT_SQL = 'SET SESSION max_statement_time = ?';
/** MySQL 5.7.8+: milliseconds (SELECT only). */
export const MYSQL_STATEMENT_TIMEOUT_SQL = 'SET SESSION max_execution_time = ?';

import { DriverError, FailureReason, Stage } from '../database-driver';
import { nativeDriverError } from '../kit/failure-stage';
import { nativeCode, nativeField } from '../kit/native-error';
import { socketFailureReason } from '../kit/socket-error-codes';
import { isTlsErrorCode } from '../kit/tls-error-codes';

/** Server error numbers (MySQL/MariaDB error reference) that name a failure reason. */
const ERRNO_REASONS: ReadonlyMap<number, FailureReason> = new Map([
  [1045, 'AUTH_FAILED'], // ER_ACCESS_DENIED_ERROR
  [1698, 'AUTH_FAILED'], // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
  [1251, 'AUTH_FAILED'], // ER_NOT_SUPPORTED_AUTH_MODE
  [1820, 'AUTH_FAILED'], // ER_MUST_CHANGE_PASSWORD
  [1049, 'DATABASE_NOT_FOUND'], // ER_BAD_DB_ERROR
  [1044, 'PERMISSION_DENIED'], // ER_DBACCESS_DENIED_ERROR
  [1130, 'PERMISSION_DENIED'], // ER_HOST_NOT_PRIVILEGED (account may not connect from here)
  [1142, 'PERMISSION_DENIED'], // ER_TABLEACCESS_DENIED_ERROR
  [1143, 'PERMISSION_DENIED'], // ER_COLUMNACCESS_DENIED_ERROR
  [1227, 'PERMISSION_DENIED'], // ER_SPECIFIC_ACCESS_DENIED_ERROR
  [1317, 'TIMEOUT'], // ER_QUERY_INTERRUPTED
  [1969, 'TIMEOUT'], // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
  [3024, 'TIMEOUT'], // MySQL ER_QUERY_TIMEOUT (max_execution_time)
]);

/** mysql2's own client-side codes; ETIMEDOUT (socket table) is also mysql2's connectTimeout. */
const CLIENT_CODE_REASONS: ReadonlyMap<string, FailureReason> = new Map([
  ['HANDSHAKE_NO_SSL_SUPPORT', 'TLS_ERROR'], // TLS asked for, server has none
  ['HANDSHAKE_SSL_ERROR', 'TLS_ERROR'], // mysql2 re-labels every TLS handshake failure with this
]);

/**
 * The failure reason of a `mysql2` error, by server errno, then by code. `timedOut` wins: once the
 * deadline passed or the call was aborted, whatever the library reports is a timeout.
 */
export function mysqlFailureReason(error: unknown, timedOut: boolean): FailureReason {
  if (timedOut) return 'TIMEOUT';
  const errno = nativeField(error, 'errno');
  const byErrno = typeof errno === 'number' ? ERRNO_REASONS.get(errno) : undefined;
  if (byErrno !== undefined) return byErrno;
  const code = nativeCode(error);
  if (code === undefined) return 'UNKNOWN';
  const reason = CLIENT_CODE_REASONS.get(code) ?? socketFailureReason(code);
  if (reason !== undefined) return reason;
  return isTlsErrorCode(code) ? 'TLS_ERROR' : 'UNKNOWN';
}

/** Wraps a native `mysql2` error into a DriverError (the native error stays as `cause`, never sent). */
export function mysqlDriverError(error: unknown, stage: Stage, timedOut: boolean): DriverError {
  return nativeDriverError(error, stage, (native) => mysqlFailureReason(native, timedOut));
}

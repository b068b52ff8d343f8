import { DriverError, FailureReason, Stage } from '../database-driver';
import { isTlsErrorCode } from '../tls-error-codes';

/** Server error numbers (MySQL/MariaDB error reference) that name a failure reason. */
const ERRNO_REASONS: Readonly<Record<number, FailureReason>> = {
  1045: 'AUTH_FAILED', // ER_ACCESS_DENIED_ERROR
  1698: 'AUTH_FAILED', // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
  1251: 'AUTH_FAILED', // ER_NOT_SUPPORTED_AUTH_MODE
  1820: 'AUTH_FAILED', // ER_MUST_CHANGE_PASSWORD
  1049: 'DATABASE_NOT_FOUND', // ER_BAD_DB_ERROR
  1044: 'PERMISSION_DENIED', // ER_DBACCESS_DENIED_ERROR
  1130: 'PERMISSION_DENIED', // ER_HOST_NOT_PRIVILEGED (account may not connect from here)
  1142: 'PERMISSION_DENIED', // ER_TABLEACCESS_DENIED_ERROR
  1143: 'PERMISSION_DENIED', // ER_COLUMNACCESS_DENIED_ERROR
  1227: 'PERMISSION_DENIED', // ER_SPECIFIC_ACCESS_DENIED_ERROR
  1317: 'TIMEOUT', // ER_QUERY_INTERRUPTED
  1969: 'TIMEOUT', // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
  3024: 'TIMEOUT', // MySQL ER_QUERY_TIMEOUT (max_execution_time)
};

/** mysql2 client-side and Node socket codes. */
const CODE_REASONS: Readonly<Record<string, FailureReason>> = {
  HANDSHAKE_NO_SSL_SUPPORT: 'TLS_ERROR', // TLS asked for, server has none
  HANDSHAKE_SSL_ERROR: 'TLS_ERROR', // mysql2 re-labels every TLS handshake failure with this
  ECONNREFUSED: 'CONNECTION_REFUSED',
  EHOSTUNREACH: 'CONNECTION_REFUSED',
  ENETUNREACH: 'CONNECTION_REFUSED',
  ETIMEDOUT: 'TIMEOUT', // also mysql2's connectTimeout
  ABORT_ERR: 'TIMEOUT',
  EPROTO: 'TLS_ERROR',
};

function field<T>(error: unknown, name: string, type: 'string' | 'number'): T | undefined {
  if (typeof error !== 'object' || error === null || !(name in error)) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === type ? (value as T) : undefined;
}

/**
 * The failure reason of a `mysql2` error, by server errno, then by code. `timedOut` wins: once the
 * deadline passed or the call was aborted, whatever the library reports is a timeout.
 */
export function mysqlFailureReason(error: unknown, timedOut: boolean): FailureReason {
  if (timedOut) return 'TIMEOUT';
  const errno = field<number>(error, 'errno', 'number');
  if (errno !== undefined && errno in ERRNO_REASONS) return ERRNO_REASONS[errno];
  const code = field<string>(error, 'code', 'string');
  if (code === undefined) return 'UNKNOWN';
  if (code in CODE_REASONS) return CODE_REASONS[code];
  if (isTlsErrorCode(code)) return 'TLS_ERROR';
  return 'UNKNOWN';
}

function failureStage(reason: FailureReason, stage: Stage): Stage {
  if (reason === 'TLS_ERROR') return 'tls';
  if (reason === 'CONNECTION_REFUSED') return 'connect';
  return stage;
}

/** Wraps a native `mysql2` error into a DriverError (the native error stays as `cause`, never sent). */
export function mysqlDriverError(error: unknown, stage: Stage, timedOut: boolean): DriverError {
  if (error instanceof DriverError) return error;
  const reason = mysqlFailureReason(error, timedOut);
  return new DriverError(reason, failureStage(reason, stage), { cause: error });
}

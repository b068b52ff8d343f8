import { DriverError, FailureReason, Stage } from '../database-driver';
import { isTlsErrorCode } from '../tls-error-codes';

/** SQLSTATE codes (PostgreSQL appendix A) that name a failure reason. */
const SQLSTATE_REASONS: Readonly<Record<string, FailureReason>> = {
  '28P01': 'AUTH_FAILED', // invalid_password
  '28000': 'AUTH_FAILED', // invalid_authorization_specification (incl. no pg_hba.conf entry)
  '3D000': 'DATABASE_NOT_FOUND', // invalid_catalog_name
  '42501': 'PERMISSION_DENIED', // insufficient_privilege (incl. CONNECT privilege)
  '57014': 'TIMEOUT', // query_canceled (statement_timeout)
};

/** Node socket error codes. */
const SOCKET_REASONS: Readonly<Record<string, FailureReason>> = {
  ECONNREFUSED: 'CONNECTION_REFUSED',
  EHOSTUNREACH: 'CONNECTION_REFUSED',
  ENETUNREACH: 'CONNECTION_REFUSED',
  ETIMEDOUT: 'TIMEOUT',
  ABORT_ERR: 'TIMEOUT',
  EPROTO: 'TLS_ERROR', // OpenSSL protocol failure surfaced as a socket error
};

/**
 * pg's own TLS negotiation failures carry no code; these are its exact messages (the server
 * answered 'N' to SSLRequest, or something other than 'S'/'N').
 */
const PG_TLS_NEGOTIATION_MESSAGES = new Set([
  'The server does not support SSL connections',
  'There was an error establishing an SSL connection',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The failure reason of a `pg` error, by code (SQLSTATE, Node socket/TLS codes). `timedOut` wins:
 * once the deadline passed or the call was aborted, whatever the library reports is a timeout.
 * An uncoded error during the TLS stage is a TLS failure (pg's SSLRequest refusal has no code).
 */
export function postgresFailureReason(
  error: unknown,
  stage: Stage,
  timedOut: boolean,
): FailureReason {
  if (timedOut) return 'TIMEOUT';
  const code = errorCode(error);
  if (code !== undefined) {
    if (code in SQLSTATE_REASONS) return SQLSTATE_REASONS[code];
    if (code in SOCKET_REASONS) return SOCKET_REASONS[code];
    if (isTlsErrorCode(code)) return 'TLS_ERROR';
    return 'UNKNOWN';
  }
  if (error instanceof Error && PG_TLS_NEGOTIATION_MESSAGES.has(error.message)) return 'TLS_ERROR';
  if (stage === 'tls') return 'TLS_ERROR';
  return 'UNKNOWN';
}

/** The stage a failure is reported at: TLS codes belong to `tls` whatever the tracker says. */
function failureStage(reason: FailureReason, stage: Stage): Stage {
  if (reason === 'TLS_ERROR') return 'tls';
  if (reason === 'CONNECTION_REFUSED') return 'connect';
  return stage;
}

/** Wraps a native `pg` error into a DriverError (the native error stays as `cause`, never sent). */
export function postgresDriverError(error: unknown, stage: Stage, timedOut: boolean): DriverError {
  if (error instanceof DriverError) return error;
  const reason = postgresFailureReason(error, stage, timedOut);
  return new DriverError(reason, failureStage(reason, stage), { cause: error });
}

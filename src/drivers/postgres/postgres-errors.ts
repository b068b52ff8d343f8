import { DriverError, FailureReason, Stage } from '../database-driver';
import { nativeDriverError } from '../kit/failure-stage';
import { nativeCode } from '../kit/native-error';
import { socketFailureReason } from '../kit/socket-error-codes';
import { isTlsErrorCode } from '../kit/tls-error-codes';

/** SQLSTATE codes (PostgreSQL appendix A) that name a failure reason. */
const SQLSTATE_REASONS: ReadonlyMap<string, FailureReason> = new Map([
  ['28P01', 'AUTH_FAILED'], // invalid_password
  ['28000', 'AUTH_FAILED'], // invalid_authorization_specification (incl. no pg_hba.conf entry)
  ['3D000', 'DATABASE_NOT_FOUND'], // invalid_catalog_name
  ['42501', 'PERMISSION_DENIED'], // insufficient_privilege (incl. CONNECT privilege)
  ['57014', 'TIMEOUT'], // query_canceled (statement_timeout)
]);

/**
 * pg's own TLS negotiation failures carry no code; these are its exact messages (the server
 * answered 'N' to SSLRequest, or something other than 'S'/'N').
 */
const PG_TLS_NEGOTIATION_MESSAGES = new Set([
  'The server does not support SSL connections',
  'There was an error establishing an SSL connection',
]);

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
  const code = nativeCode(error);
  if (code !== undefined) {
    const reason = SQLSTATE_REASONS.get(code) ?? socketFailureReason(code);
    if (reason !== undefined) return reason;
    return isTlsErrorCode(code) ? 'TLS_ERROR' : 'UNKNOWN';
  }
  if (error instanceof Error && PG_TLS_NEGOTIATION_MESSAGES.has(error.message)) return 'TLS_ERROR';
  if (stage === 'tls') return 'TLS_ERROR';
  return 'UNKNOWN';
}

/** Wraps a native `pg` error into a DriverError (the native error stays as `cause`, never sent). */
export function postgresDriverError(error: unknown, stage: Stage, timedOut: boolean): DriverError {
  return nativeDriverError(error, stage, (native) =>
    postgresFailureReason(native, stage, timedOut),
  );
}

import { DriverError, FailureReason, Stage } from '../database-driver';
import { EngineReasonStages, failureStage } from '../kit/failure-stage';
import { socketFailureReason } from '../kit/socket-error-codes';
import { OracleNativeError } from './oracle-job';

const BY_CODE: ReadonlyMap<string, FailureReason> = new Map([
  ['ORA-01017', 'AUTH_FAILED'],
  ['ORA-28000', 'AUTH_FAILED'],
  ['ORA-01005', 'AUTH_FAILED'],
  ['ORA-01031', 'PERMISSION_DENIED'],
  ['ORA-01045', 'PERMISSION_DENIED'],
  ['ORA-12514', 'DATABASE_NOT_FOUND'],
  ['ORA-12505', 'DATABASE_NOT_FOUND'],
  ['NJS-518', 'DATABASE_NOT_FOUND'],
  ['NJS-519', 'DATABASE_NOT_FOUND'],
  ['ORA-12541', 'CONNECTION_REFUSED'],
  ['NJS-503', 'CONNECTION_REFUSED'],
  ['NJS-511', 'CONNECTION_REFUSED'],
  ['NJS-500', 'CONNECTION_REFUSED'],
  ['NJS-501', 'CONNECTION_REFUSED'],
  ['NJS-521', 'CONNECTION_REFUSED'],
  ['NJS-510', 'TIMEOUT'],
  ['ORA-12170', 'TIMEOUT'],
  ['NJS-123', 'TIMEOUT'],
  ['DPI-1067', 'TIMEOUT'],
  ['ORA-03156', 'TIMEOUT'],
  ['NJS-505', 'TLS_ERROR'],
  ['NJS-506', 'TLS_ERROR'],
  ['NJS-507', 'TLS_ERROR'],
  ['NJS-508', 'TLS_ERROR'],
  ['NJS-530', 'HOST_NOT_FOUND'],
]);

/** The listener refuses an unknown service before any login. */
const ORACLE_REASON_STAGES: EngineReasonStages = { DATABASE_NOT_FOUND: 'connect' };

/**
 * Translates an oracledb error by its code (`ORA-nnnnn`, `NJS-nnn`), never by its message; an
 * uncoded one by the code of the socket error underneath. A connection the worker refused (a
 * listener's REDIRECT to an address the host policy never approved) is FORBIDDEN_HOST at
 * `connect`, whatever thin mode made of the failed dial.
 */
export function translateOracleError(
  native: OracleNativeError,
  stage: Stage,
  cause?: unknown,
): DriverError {
  if (native.dialRefused)
    return new DriverError('FORBIDDEN_HOST', 'connect', { cause: cause ?? native });
  const byCode = native.code === undefined ? undefined : BY_CODE.get(native.code);
  const bySocket =
    native.causeCode === undefined ? undefined : socketFailureReason(native.causeCode);
  const reason = byCode ?? bySocket ?? 'UNKNOWN';
  return new DriverError(reason, failureStage(reason, stage, ORACLE_REASON_STAGES), {
    cause: cause ?? native,
  });
}

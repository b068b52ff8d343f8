import { DriverError, FailureReason, Stage } from '../database-driver';
import { nativeDriverError } from '../kit/failure-stage';
import { nativeErrorChain, nativeField } from '../kit/native-error';
import { socketFailureReason } from '../kit/socket-error-codes';
import { isTlsErrorCode } from '../kit/tls-error-codes';

/** Thrown from inside the pre-login step when the server will not encrypt although TLS was asked. */
export class TlsDowngradeRefused extends Error {
  constructor() {
    super('the server does not offer encryption');
    this.name = 'TlsDowngradeRefused';
  }
}

const LOGIN_FAILED = new Set([18456, 18452, 18470, 18486, 18487, 18488]);
const DATABASE_UNAVAILABLE = new Set([4060, 911]);
const NO_PERMISSION = new Set([229, 230, 916, 262, 300]);
/** tedious' own codes for a connect or request that ran out of time or was cancelled. */
const TEDIOUS_TIMEOUT_CODES = new Set(['ETIMEOUT', 'ECANCEL']);

interface Native {
  codes: string[];
  numbers: Set<number>;
  downgrade: boolean;
}

/**
 * The codes and server numbers on the error, its `cause` chain and AggregateError members
 * (tedious' connector tries each address).
 */
function collect(error: unknown, serverNumbers: readonly number[]): Native {
  const native: Native = { codes: [], numbers: new Set(serverNumbers), downgrade: false };
  const members = (link: object): unknown[] => {
    const errors = nativeField(link, 'errors');
    return Array.isArray(errors) ? (errors as unknown[]) : [];
  };
  for (const link of nativeErrorChain(error, members)) {
    if (link instanceof TlsDowngradeRefused) native.downgrade = true;
    const code = nativeField(link, 'code');
    const number = nativeField(link, 'number');
    if (typeof code === 'string') native.codes.push(code);
    if (typeof number === 'number') native.numbers.add(number);
  }
  return native;
}

function reasonOf({ codes, numbers, downgrade }: Native): FailureReason {
  const has = (set: ReadonlySet<number>): boolean => [...numbers].some((number) => set.has(number));
  const socket = codes.map((code) => socketFailureReason(code, { hangUpRefuses: true }));
  if (downgrade || codes.includes('EENCRYPT')) return 'TLS_ERROR';
  if (has(DATABASE_UNAVAILABLE)) return 'DATABASE_NOT_FOUND';
  if (has(NO_PERMISSION)) return 'PERMISSION_DENIED';
  if (has(LOGIN_FAILED) || codes.includes('ELOGIN')) return 'AUTH_FAILED';
  if (codes.some(isTlsErrorCode)) return 'TLS_ERROR';
  if (socket.includes('CONNECTION_REFUSED')) return 'CONNECTION_REFUSED';
  if (socket.includes('TIMEOUT') || codes.some((code) => TEDIOUS_TIMEOUT_CODES.has(code)))
    return 'TIMEOUT';
  return 'UNKNOWN';
}

/**
 * Translates a tedious error by its codes (`ELOGIN`, `ESOCKET`, `ETIMEOUT`, the socket error's
 * own code in `cause`) and SQL Server error numbers (`number` on request errors; for login
 * errors tedious drops the number, so the driver passes the numbers it saw in `errorMessage`
 * events). Never by message text.
 */
export function translateTediousError(
  error: unknown,
  stage: Stage,
  serverNumbers: readonly number[] = [],
): DriverError {
  return nativeDriverError(error, stage, (native) => reasonOf(collect(native, serverNumbers)));
}

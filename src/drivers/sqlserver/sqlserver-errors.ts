import { DriverError, FailureReason, Stage } from '../database-driver';
import { nativeDriverError } from '../kit/failure-stage';
import { nativeErrorChain, nativeField } from '../kit/native-error';
import { socketFailureReason } from '../kit/socket-error-codes';
import { isTlsErrorCode } from '../kit/tls-error-codes';

/** The socket refused to send LOGIN7 in clear: TLS was asked and the server declined it. */
export class TlsDowngradeRefused extends Error {
  constructor() {
    super('the server does not offer encryption');
    this.name = 'TlsDowngradeRefused';
  }
}

/** The server routed the client to another address, which the host policy never approved. */
export class RerouteRefused extends Error {
  constructor() {
    super('the server routed the connection to another address');
    this.name = 'RerouteRefused';
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
  reroute: boolean;
}

/** What an error wraps: mssql's `originalError` (the tedious error), AggregateError members. */
function wrapped(link: object): unknown[] {
  const errors = nativeField(link, 'errors');
  const original = nativeField(link, 'originalError');
  return [...(Array.isArray(errors) ? (errors as unknown[]) : []), original].filter(
    (inner) => inner !== undefined,
  );
}

/**
 * The codes and server numbers on the error, its `cause` chain, mssql's `originalError` and
 * AggregateError members.
 */
function collect(error: unknown, serverNumbers: readonly number[]): Native {
  const native: Native = {
    codes: [],
    numbers: new Set(serverNumbers),
    downgrade: false,
    reroute: false,
  };
  for (const link of nativeErrorChain(error, wrapped)) {
    if (link instanceof TlsDowngradeRefused) native.downgrade = true;
    if (link instanceof RerouteRefused) native.reroute = true;
    const code = nativeField(link, 'code');
    const number = nativeField(link, 'number');
    if (typeof code === 'string') native.codes.push(code);
    if (typeof number === 'number') native.numbers.add(number);
  }
  return native;
}

function reasonOf({ codes, numbers, downgrade, reroute }: Native): FailureReason {
  const has = (set: ReadonlySet<number>): boolean => [...numbers].some((number) => set.has(number));
  const socket = codes.map((code) => socketFailureReason(code, { hangUpRefuses: true }));
  if (reroute) return 'FORBIDDEN_HOST';
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
 * Translates an mssql / tedious error by its codes (`ELOGIN`, `ESOCKET`, `ETIMEOUT`, the socket
 * error's own code in `cause`) and SQL Server error numbers (`number` on request errors; for login
 * errors tedious drops the number, so the driver passes the numbers it saw in `errorMessage`
 * events). Never by message text. A refused reroute is FORBIDDEN_HOST at `connect`.
 */
export function translateTediousError(
  error: unknown,
  stage: Stage,
  serverNumbers: readonly number[] = [],
): DriverError {
  const translated = nativeDriverError(error, stage, (native) =>
    reasonOf(collect(native, serverNumbers)),
  );
  return translated.reason === 'FORBIDDEN_HOST' && translated.stage !== 'connect'
    ? new DriverError('FORBIDDEN_HOST', 'connect', { cause: error })
    : translated;
}

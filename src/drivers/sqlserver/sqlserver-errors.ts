import { DriverError, FailureReason, Stage } from '../database-driver';

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
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_|HOSTNAME_MISMATCH)/;
const REFUSED_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ECONNRESET',
  'EPIPE',
]);

interface Native {
  codes: Set<string>;
  numbers: Set<number>;
  downgrade: boolean;
}

function collect(error: unknown, serverNumbers: readonly number[]): Native {
  const native: Native = { codes: new Set(), numbers: new Set(serverNumbers), downgrade: false };
  // The error, its `cause` chain and AggregateError members (tedious' connector tries each address).
  const queue: unknown[] = [error];
  for (let visited = 0; queue.length > 0 && visited < 16; visited++) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object') continue;
    if (current instanceof TlsDowngradeRefused) native.downgrade = true;
    const record = current as {
      code?: unknown;
      number?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof record.code === 'string') native.codes.add(record.code);
    if (typeof record.number === 'number') native.numbers.add(record.number);
    if (Array.isArray(record.errors)) queue.push(...(record.errors as unknown[]));
    if (record.cause !== undefined) queue.push(record.cause);
  }
  return native;
}

function reasonOf({ codes, numbers, downgrade }: Native): FailureReason {
  const has = (set: ReadonlySet<number>): boolean => [...numbers].some((number) => set.has(number));
  if (downgrade || codes.has('EENCRYPT')) return 'TLS_ERROR';
  if (has(DATABASE_UNAVAILABLE)) return 'DATABASE_NOT_FOUND';
  if (has(NO_PERMISSION)) return 'PERMISSION_DENIED';
  if (has(LOGIN_FAILED) || codes.has('ELOGIN')) return 'AUTH_FAILED';
  if ([...codes].some((code) => TLS_CODE.test(code))) return 'TLS_ERROR';
  if ([...codes].some((code) => REFUSED_CODES.has(code))) return 'CONNECTION_REFUSED';
  if (codes.has('ETIMEOUT') || codes.has('ETIMEDOUT') || codes.has('ECANCEL')) return 'TIMEOUT';
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
  if (error instanceof DriverError) return error;
  const reason = reasonOf(collect(error, serverNumbers));
  const reasonStage: Stage =
    reason === 'TLS_ERROR'
      ? 'tls'
      : reason === 'CONNECTION_REFUSED'
        ? 'connect'
        : reason === 'AUTH_FAILED'
          ? 'authenticate'
          : stage;
  return new DriverError(reason, reasonStage, { cause: error });
}

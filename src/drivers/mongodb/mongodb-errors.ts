import { DriverError, FailureReason, Stage } from '../database-driver';

/** MongoDB server error codes this service distinguishes. */
const AUTHENTICATION_FAILED = 18;
const UNAUTHORIZED = 13;
const MAX_TIME_MS_EXPIRED = 50;
const NETWORK_TIMEOUT = 89;

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL_|HOSTNAME_MISMATCH)/;
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

interface NativeSignals {
  names: Set<string>;
  codes: Set<string | number>;
}

/**
 * Walks an error, its `cause` chain and (for server selection errors) the error recorded on each
 * server description, collecting class names and codes. Bounded, so a cyclic chain cannot loop.
 */
function collectSignals(error: unknown): NativeSignals {
  const signals: NativeSignals = { names: new Set(), codes: new Set() };
  const queue: unknown[] = [error];
  for (let visited = 0; queue.length > 0 && visited < 32; visited++) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object') continue;
    const record = current as {
      name?: unknown;
      code?: unknown;
      cause?: unknown;
      reason?: { servers?: Map<string, { error?: unknown }> };
    };
    if (typeof record.name === 'string') signals.names.add(record.name);
    if (typeof record.code === 'string' || typeof record.code === 'number')
      signals.codes.add(record.code);
    if (record.cause !== undefined) queue.push(record.cause);
    const servers = record.reason?.servers;
    if (servers instanceof Map) for (const server of servers.values()) queue.push(server.error);
  }
  return signals;
}

function reasonOf({ names, codes }: NativeSignals): FailureReason {
  if (codes.has(AUTHENTICATION_FAILED)) return 'AUTH_FAILED';
  if (codes.has(UNAUTHORIZED)) return 'PERMISSION_DENIED';
  if ([...codes].some((code) => typeof code === 'string' && TLS_CODE.test(code)))
    return 'TLS_ERROR';
  if ([...codes].some((code) => typeof code === 'string' && REFUSED_CODES.has(code)))
    return 'CONNECTION_REFUSED';
  if (
    codes.has(MAX_TIME_MS_EXPIRED) ||
    codes.has(NETWORK_TIMEOUT) ||
    codes.has('ETIMEDOUT') ||
    names.has('MongoNetworkTimeoutError') ||
    names.has('MongoOperationTimeoutError') ||
    names.has('MongoServerSelectionError') ||
    names.has('AbortError') ||
    names.has('TimeoutError')
  ) {
    return 'TIMEOUT';
  }
  return 'UNKNOWN';
}

/** The stage a reason belongs to when the driver reports it later than it happened. */
function stageFor(reason: FailureReason, stage: Stage): Stage {
  if (reason === 'TLS_ERROR') return 'tls';
  if (reason === 'CONNECTION_REFUSED') return 'connect';
  if (reason === 'AUTH_FAILED') return 'authenticate';
  return stage;
}

/**
 * Translates a `mongodb` driver error by its codes and class names (never its text). A server
 * selection error that records no better cause is a TIMEOUT: no server became selectable in time.
 */
export function translateMongoError(error: unknown, stage: Stage): DriverError {
  if (error instanceof DriverError) return error;
  const reason = reasonOf(collectSignals(error));
  return new DriverError(reason, stageFor(reason, stage), { cause: error });
}

import { DriverError, FailureReason, Stage } from '../database-driver';
import { nativeDriverError } from '../kit/failure-stage';
import { nativeErrorChain, nativeField } from '../kit/native-error';
import { socketFailureReason } from '../kit/socket-error-codes';
import { isTlsErrorCode } from '../kit/tls-error-codes';

/** MongoDB server error codes this service distinguishes. */
const AUTHENTICATION_FAILED = 18;
const UNAUTHORIZED = 13;
const MAX_TIME_MS_EXPIRED = 50;
const NETWORK_TIMEOUT = 89;

interface NativeSignals {
  names: Set<string>;
  codes: Set<string | number>;
}

/** Each server description's recorded error, for a server selection error. */
function serverErrors(link: object): unknown[] {
  const servers = nativeField(nativeField(link, 'reason'), 'servers');
  return servers instanceof Map
    ? [...(servers as Map<string, unknown>).values()].map((server) => nativeField(server, 'error'))
    : [];
}

/**
 * The class names and codes on an error, its `cause` chain and (for server selection errors) the
 * error recorded on each server description.
 */
function collectSignals(error: unknown): NativeSignals {
  const signals: NativeSignals = { names: new Set(), codes: new Set() };
  for (const link of nativeErrorChain(error, serverErrors)) {
    const name = nativeField(link, 'name');
    const code = nativeField(link, 'code');
    if (typeof name === 'string') signals.names.add(name);
    if (typeof code === 'string' || typeof code === 'number') signals.codes.add(code);
  }
  return signals;
}

function reasonOf({ names, codes }: NativeSignals): FailureReason {
  if (codes.has(AUTHENTICATION_FAILED)) return 'AUTH_FAILED';
  if (codes.has(UNAUTHORIZED)) return 'PERMISSION_DENIED';
  const textCodes = [...codes].filter((code) => typeof code === 'string');
  const socket = textCodes.map((code) => socketFailureReason(code));
  if (textCodes.some(isTlsErrorCode)) return 'TLS_ERROR';
  if (socket.includes('CONNECTION_REFUSED')) return 'CONNECTION_REFUSED';
  if (
    codes.has(MAX_TIME_MS_EXPIRED) ||
    codes.has(NETWORK_TIMEOUT) ||
    socket.includes('TIMEOUT') ||
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

/**
 * Translates a `mongodb` driver error by its codes and class names (never its text). A server
 * selection error that records no better cause is a TIMEOUT: no server became selectable in time.
 */
export function translateMongoError(error: unknown, stage: Stage): DriverError {
  return nativeDriverError(error, stage, (native) => reasonOf(collectSignals(native)));
}

import { FailureReason } from '../database-driver';

/** Node socket error codes, read the same way by every engine. */
const SOCKET_REASONS: ReadonlyMap<string, FailureReason> = new Map([
  ['ECONNREFUSED', 'CONNECTION_REFUSED'],
  ['EHOSTUNREACH', 'CONNECTION_REFUSED'],
  ['ENETUNREACH', 'CONNECTION_REFUSED'],
  ['EADDRNOTAVAIL', 'CONNECTION_REFUSED'],
  ['ETIMEDOUT', 'TIMEOUT'],
  ['ABORT_ERR', 'TIMEOUT'],
]);

/** The peer accepted, then closed the connection. */
const HANG_UP_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

/**
 * The failure reason a socket error code names, or undefined when it names none. A hang-up is a
 * refusal only for callers that pass `hangUpRefuses` (they see one while still dialling); after a
 * login it says nothing about the address.
 */
export function socketFailureReason(
  code: string,
  options: { hangUpRefuses?: boolean } = {},
): FailureReason | undefined {
  const reason = SOCKET_REASONS.get(code);
  if (reason !== undefined) return reason;
  if (options.hangUpRefuses === true && HANG_UP_CODES.has(code)) return 'CONNECTION_REFUSED';
  return undefined;
}

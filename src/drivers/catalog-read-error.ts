import { DriverCallContext, DriverError } from './database-driver';
import { hasTimedOut } from './kit/deadline';

/**
 * The connection worked but the catalog could not be read (a catalog query failed or returned
 * something unexpected). The schema route maps it to 502 FET-1041; the native error stays in
 * `cause` and is never sent.
 */
export class CatalogReadError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the catalog could not be read', options);
    this.name = 'CatalogReadError';
  }
}

/**
 * What a failed catalog read becomes: TIMEOUT once the call's deadline has passed, a
 * CatalogReadError as it is, anything else the engine's own translation of its native error.
 */
export function catalogReadFailure(
  error: unknown,
  context: DriverCallContext,
  translate: (error: unknown) => DriverError,
): Error {
  if (hasTimedOut(context)) return new DriverError('TIMEOUT', 'query', { cause: error });
  if (error instanceof CatalogReadError) return error;
  return translate(error);
}

/**
 * What a failed catalog query becomes when the engine translates it itself: a reason that says
 * something about the connection (no privilege, timeout, network gone) stays a DriverError; an
 * unrecognised native error is a CatalogReadError.
 */
export function catalogQueryFailure(error: unknown, translated: DriverError): Error {
  if (translated.reason === 'UNKNOWN' && !(error instanceof DriverError))
    return new CatalogReadError({ cause: error });
  return translated;
}

import { FetErrorCode } from '../common/errors/fet-error-code';
import { FetException } from '../common/errors/fet.exception';
import { Permission } from './permission';

/**
 * The answers of authentication (RFC 6750 §3): 401 FET-0041 with a `WWW-Authenticate` challenge,
 * `error="invalid_token"` when a token was sent but is not accepted (no error code when none was
 * sent); 403 FET-0042 naming the permission the route needs. Never the token, never why exactly a
 * token was refused (the body is the same for every refused token).
 */
export function missingToken(): FetException {
  return new FetException(FetErrorCode.Unauthorized, { headers: { 'WWW-Authenticate': 'Bearer' } });
}

export function invalidToken(cause?: unknown): FetException {
  return new FetException(FetErrorCode.Unauthorized, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    cause,
  });
}

export function insufficientPermission(permission: Permission | undefined): FetException {
  const scope = permission === undefined ? '' : `, scope="${permission}"`;
  return new FetException(FetErrorCode.Forbidden, {
    headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope"${scope}` },
  });
}

/** The key set could not be fetched in time: the token could not be checked (spec §6.3). */
export function keysUnavailable(cause: unknown): FetException {
  return new FetException(FetErrorCode.ServiceUnavailable, { cause });
}

/** Three base64url segments, the first a JSON object (`eyJ` is `{"`): a JWT (or JWS) wherever it appears. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
/** Query parameters that carry credentials (RFC 6750 §2.3 `access_token`, and their usual variants). */
const CREDENTIAL_PARAMETER =
  /([?&](?:access_token|id_token|refresh_token|token|jwt|authorization|api_key|apikey)=)[^&#]*/gi;

export const REDACTED = '[REDACTED]';

/**
 * The request URL as it may be logged: a bearer token is never accepted in the URL, but a client
 * may still put one there (`?access_token=…`, or pasted into the path), and log lines must never
 * hold one (spec §6.3). Anything shaped like a JWT, and the value of a credential parameter, is
 * replaced by `[REDACTED]`.
 */
export function loggableUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  // Most URLs hold neither a parameter value nor a JWT: answered as they are, without two regex passes.
  if (!url.includes('=') && !url.includes('eyJ')) return url;
  return url.replace(CREDENTIAL_PARAMETER, `$1${REDACTED}`).replace(JWT_LIKE, REDACTED);
}

/** RFC 6750 §2.1: `Bearer` (any case), one or more spaces, a token68. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
/** Any other scheme, or a Bearer credential that is not a token68. */
const SCHEME = /^Bearer(?: |$)/i;

export type BearerCredential =
  | { kind: 'token'; token: string }
  /** No Authorization header, or one of another scheme (Basic, …): no bearer credential at all. */
  | { kind: 'none' }
  /** `Bearer` with nothing usable after it. */
  | { kind: 'malformed' };

/** What the Authorization header carries, as far as bearer authentication is concerned. */
export function bearerCredential(header: string | string[] | undefined): BearerCredential {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return { kind: 'none' };
  const trimmed = value.trim();
  const match = BEARER.exec(trimmed);
  if (match?.[1] !== undefined) return { kind: 'token', token: match[1] };
  return SCHEME.test(trimmed) ? { kind: 'malformed' } : { kind: 'none' };
}

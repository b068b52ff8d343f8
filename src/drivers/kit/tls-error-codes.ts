/** Node's and OpenSSL's TLS code families (ERR_TLS_CERT_ALTNAME_INVALID, CERT_HAS_EXPIRED…). */
const TLS_CODE_PREFIXES = ['ERR_TLS_', 'ERR_SSL_', 'ERR_OSSL_', 'CERT_', 'UNABLE_TO_'];

/** Verification codes outside those families; EPROTO: an OpenSSL failure seen on the socket. */
const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

/** True for a TLS error code Node reports as `error.code`, whichever library opened the socket. */
export function isTlsErrorCode(code: string): boolean {
  return TLS_CODES.has(code) || TLS_CODE_PREFIXES.some((prefix) => code.startsWith(prefix));
}

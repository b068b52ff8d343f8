/** OpenSSL certificate verification codes Node reports as `error.code`. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);

/**
 * True for Node TLS error codes: `ERR_TLS_*` (e.g. ERR_TLS_CERT_ALTNAME_INVALID), OpenSSL's
 * `ERR_SSL_*`, `CERT_*` (CERT_HAS_EXPIRED…) and the other certificate verification codes.
 * Shared by the SQL drivers (pg and mysql2 both use Node's tls).
 */
export function isTlsErrorCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('CERT_') ||
    CERTIFICATE_CODES.has(code)
  );
}

import { isTlsErrorCode } from './tls-error-codes';

describe('isTlsErrorCode', () => {
  it.each([
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    'ERR_OSSL_PEM_NO_START_LINE',
    'CERT_HAS_EXPIRED',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'INVALID_CA',
    'HOSTNAME_MISMATCH',
    'EPROTO',
  ])('%s is a TLS failure', (code) => {
    expect(isTlsErrorCode(code)).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ETIMEDOUT', '28P01', 'HANDSHAKE_NO_SSL_SUPPORT', 'ELOGIN'])(
    '%s is not',
    (code) => {
      expect(isTlsErrorCode(code)).toBe(false);
    },
  );
});

import { DriverError } from '../database-driver';
import { postgresDriverError, postgresFailureReason } from './postgres-errors';

const coded = (code: string) => Object.assign(new Error('native text'), { code });

describe('postgresFailureReason', () => {
  it.each([
    ['28P01', 'AUTH_FAILED'],
    ['28000', 'AUTH_FAILED'],
    ['3D000', 'DATABASE_NOT_FOUND'],
    ['42501', 'PERMISSION_DENIED'],
    ['57014', 'TIMEOUT'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_ERROR'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_ERROR'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_ERROR'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_ERROR'],
    ['CERT_HAS_EXPIRED', 'TLS_ERROR'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_ERROR'],
    ['53300', 'UNKNOWN'],
    ['ECONNRESET', 'UNKNOWN'],
  ])('code %s → %s', (code, reason) => {
    expect(postgresFailureReason(coded(code), 'authenticate', false)).toBe(reason);
  });

  it("pg's refusal of TLS by the server is a TLS error", () => {
    const error = new Error('The server does not support SSL connections');
    expect(postgresFailureReason(error, 'tls', false)).toBe('TLS_ERROR');
  });

  it('an uncoded error during the TLS stage is a TLS error; elsewhere it is unknown', () => {
    expect(postgresFailureReason(new Error('x'), 'tls', false)).toBe('TLS_ERROR');
    expect(postgresFailureReason(new Error('x'), 'authenticate', false)).toBe('UNKNOWN');
  });

  it('anything after the deadline is a timeout, whatever pg says', () => {
    expect(
      postgresFailureReason(new Error('Connection terminated unexpectedly'), 'authenticate', true),
    ).toBe('TIMEOUT');
    expect(postgresFailureReason(coded('28P01'), 'authenticate', true)).toBe('TIMEOUT');
  });
});

describe('postgresDriverError', () => {
  it('keeps the native error as cause and puts TLS and refusal failures at their own stage', () => {
    const native = coded('DEPTH_ZERO_SELF_SIGNED_CERT');
    const error = postgresDriverError(native, 'authenticate', false);
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toMatchObject({ reason: 'TLS_ERROR', stage: 'tls', cause: native });
    expect(postgresDriverError(coded('ECONNREFUSED'), 'authenticate', false).stage).toBe('connect');
    expect(error.message).not.toContain('native text');
  });

  it('passes a DriverError through unchanged', () => {
    const original = new DriverError('TIMEOUT', 'connect');
    expect(postgresDriverError(original, 'query', false)).toBe(original);
  });
});

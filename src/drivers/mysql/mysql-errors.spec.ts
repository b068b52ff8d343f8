import { DriverError } from '../database-driver';
import { mysqlDriverError, mysqlFailureReason } from './mysql-errors';

const serverError = (errno: number, code: string) =>
  Object.assign(new Error('native text'), { errno, code });
const coded = (code: string) => Object.assign(new Error('native text'), { code });

describe('mysqlFailureReason', () => {
  it.each([
    [1045, 'ER_ACCESS_DENIED_ERROR', 'AUTH_FAILED'],
    [1698, 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'AUTH_FAILED'],
    [1049, 'ER_BAD_DB_ERROR', 'DATABASE_NOT_FOUND'],
    [1044, 'ER_DBACCESS_DENIED_ERROR', 'PERMISSION_DENIED'],
    [1142, 'ER_TABLEACCESS_DENIED_ERROR', 'PERMISSION_DENIED'],
    [1130, 'ER_HOST_NOT_PRIVILEGED', 'PERMISSION_DENIED'],
    [1969, 'ER_STATEMENT_TIMEOUT', 'TIMEOUT'],
    [3024, 'ER_QUERY_TIMEOUT', 'TIMEOUT'],
    [1040, 'ER_CON_COUNT_ERROR', 'UNKNOWN'],
  ])('errno %d (%s) → %s', (errno, code, reason) => {
    expect(mysqlFailureReason(serverError(errno, code), false)).toBe(reason);
  });

  it.each([
    ['HANDSHAKE_NO_SSL_SUPPORT', 'TLS_ERROR'],
    ['HANDSHAKE_SSL_ERROR', 'TLS_ERROR'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_ERROR'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_ERROR'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['PROTOCOL_CONNECTION_LOST', 'UNKNOWN'],
  ])('code %s → %s', (code, reason) => {
    expect(mysqlFailureReason(coded(code), false)).toBe(reason);
  });

  it('anything after the deadline is a timeout', () => {
    expect(mysqlFailureReason(coded('PROTOCOL_CONNECTION_LOST'), true)).toBe('TIMEOUT');
  });
});

describe('mysqlDriverError', () => {
  it('keeps the native error as cause and reports TLS failures at the tls stage', () => {
    const native = coded('HANDSHAKE_NO_SSL_SUPPORT');
    const error = mysqlDriverError(native, 'authenticate', false);
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toMatchObject({ reason: 'TLS_ERROR', stage: 'tls', cause: native });
    expect(error.message).not.toContain('native text');
  });
});

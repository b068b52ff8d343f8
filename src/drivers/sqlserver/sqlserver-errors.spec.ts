import { RerouteRefused, TlsDowngradeRefused, translateTediousError } from './sqlserver-errors';

const connectionError = (code: string, cause?: unknown): Error =>
  Object.assign(new Error('x', { cause }), { code });
const requestError = (number: number): Error =>
  Object.assign(new Error('x'), { code: 'EREQUEST', number });

/** mssql wraps the tedious error: its own code, the tedious error as `originalError`. */
const mssqlError = (original: Error): Error =>
  Object.assign(new Error('x'), { code: 'EREQUEST' }, { originalError: original });

describe('translateTediousError', () => {
  it.each([
    [connectionError('ELOGIN'), [18456], 'AUTH_FAILED', 'authenticate'],
    [connectionError('ELOGIN'), [4060, 18456], 'DATABASE_NOT_FOUND', 'authenticate'],
    [connectionError('ELOGIN'), [916], 'PERMISSION_DENIED', 'authenticate'],
    [requestError(229), [], 'PERMISSION_DENIED', 'authenticate'],
    [
      connectionError(
        'ESOCKET',
        new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      ),
      [],
      'CONNECTION_REFUSED',
      'connect',
    ],
    [
      connectionError(
        'ESOCKET',
        Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      ),
      [],
      'TLS_ERROR',
      'tls',
    ],
    [connectionError('ETIMEOUT'), [], 'TIMEOUT', 'authenticate'],
    [connectionError('EENCRYPT'), [], 'TLS_ERROR', 'tls'],
    [new TlsDowngradeRefused(), [], 'TLS_ERROR', 'tls'],
    [connectionError('ESOCKET', new TlsDowngradeRefused()), [], 'TLS_ERROR', 'tls'],
    [connectionError('ESOCKET', new RerouteRefused()), [], 'FORBIDDEN_HOST', 'connect'],
    [mssqlError(connectionError('ELOGIN')), [18456], 'AUTH_FAILED', 'authenticate'],
    [mssqlError(requestError(229)), [], 'PERMISSION_DENIED', 'authenticate'],
    [connectionError('EINVALIDSTATE'), [], 'UNKNOWN', 'authenticate'],
  ])('%p with server numbers %p → %s at %s', (error, numbers, reason, stage) => {
    const translated = translateTediousError(error, 'authenticate', numbers);
    expect([translated.reason, translated.stage]).toEqual([reason, stage]);
    expect(translated.cause).toBe(error);
  });
});

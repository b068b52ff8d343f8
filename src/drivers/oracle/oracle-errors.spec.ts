import { translateOracleError } from './oracle-errors';

describe('translateOracleError', () => {
  it.each([
    [{ code: 'ORA-01017', errorNum: 1017 }, 'AUTH_FAILED', 'authenticate'],
    [{ code: 'ORA-12514' }, 'DATABASE_NOT_FOUND', 'connect'],
    [{ code: 'NJS-518' }, 'DATABASE_NOT_FOUND', 'connect'],
    [{ code: 'ORA-01031', errorNum: 1031 }, 'PERMISSION_DENIED', 'query'],
    [{ code: 'NJS-511' }, 'CONNECTION_REFUSED', 'connect'],
    [{ code: 'NJS-503', causeCode: 'ECONNREFUSED' }, 'CONNECTION_REFUSED', 'connect'],
    [{ code: 'NJS-510' }, 'TIMEOUT', 'query'],
    [{ code: 'NJS-508' }, 'TLS_ERROR', 'tls'],
    [{ code: 'ORA-00600' }, 'UNKNOWN', 'query'],
  ])('%p → %s at %s', (native, reason, stage) => {
    const error = translateOracleError(native, 'query');
    expect([error.reason, error.stage]).toEqual([reason, stage]);
  });

  it('a connection the worker refused (a REDIRECT elsewhere) is FORBIDDEN_HOST at connect, whatever thin mode made of it', () => {
    for (const native of [
      { code: 'NJS-503', dialRefused: true },
      { code: 'NJS-510', dialRefused: true },
      { dialRefused: true },
    ]) {
      const error = translateOracleError(native, 'query');
      expect([error.reason, error.stage]).toEqual(['FORBIDDEN_HOST', 'connect']);
    }
  });
});

import { DriverError } from '../database-driver';
import { failureStage, nativeDriverError } from './failure-stage';

describe('failureStage', () => {
  it.each([
    ['HOST_NOT_FOUND', 'query', 'resolve'],
    ['CONNECTION_REFUSED', 'authenticate', 'connect'],
    ['TLS_ERROR', 'authenticate', 'tls'],
    ['AUTH_FAILED', 'query', 'authenticate'],
    ['DATABASE_NOT_FOUND', 'authenticate', 'authenticate'],
    ['PERMISSION_DENIED', 'query', 'query'],
    ['TIMEOUT', 'tls', 'tls'],
    ['UNKNOWN', 'connect', 'connect'],
  ] as const)('%s reported during %s is at %s', (reason, stage, expected) => {
    expect(failureStage(reason, stage)).toBe(expected);
  });

  it('an engine may pin another reason to a stage', () => {
    expect(failureStage('DATABASE_NOT_FOUND', 'query', { DATABASE_NOT_FOUND: 'connect' })).toBe(
      'connect',
    );
  });
});

describe('nativeDriverError', () => {
  it('keeps the native error as cause, never its text, at the reason stage', () => {
    const native = new Error('native text');
    const error = nativeDriverError(native, 'authenticate', () => 'TLS_ERROR');
    expect(error).toMatchObject({ reason: 'TLS_ERROR', stage: 'tls', cause: native });
    expect(error.message).not.toContain('native text');
  });

  it('passes a DriverError through without asking for a reason', () => {
    const original = new DriverError('TIMEOUT', 'connect');
    const reasonOf = jest.fn(() => 'UNKNOWN' as const);
    expect(nativeDriverError(original, 'query', reasonOf)).toBe(original);
    expect(reasonOf).not.toHaveBeenCalled();
  });
});

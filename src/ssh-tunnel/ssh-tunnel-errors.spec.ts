import { forwardFailure, tunnelOpenFailure } from './ssh-tunnel-errors';

const sshError = (fields: Record<string, unknown>) =>
  Object.assign(new Error('whatever text'), fields);
const verdict = (error: { reason: string; stage: string }) => [error.reason, error.stage];

describe('SSH tunnel failures', () => {
  it('reads the reason of a failed opening from ssh2 levels and socket codes, at stage tunnel', () => {
    expect(
      verdict(tunnelOpenFailure(sshError({ level: 'client-socket', code: 'ECONNREFUSED' }))),
    ).toEqual(['CONNECTION_REFUSED', 'tunnel']);
    expect(
      verdict(tunnelOpenFailure(sshError({ level: 'client-socket', code: 'ECONNRESET' }))),
    ).toEqual(['CONNECTION_REFUSED', 'tunnel']);
    expect(
      verdict(tunnelOpenFailure(sshError({ level: 'client-socket', code: 'EWHATEVER' }))),
    ).toEqual(['UNKNOWN', 'tunnel']);
    expect(verdict(tunnelOpenFailure(sshError({ level: 'client-timeout' })))).toEqual([
      'TIMEOUT',
      'tunnel',
    ]);
    expect(verdict(tunnelOpenFailure(sshError({ level: 'client-authentication' })))).toEqual([
      'AUTH_FAILED',
      'tunnel',
    ]);
    expect(verdict(tunnelOpenFailure(sshError({ level: 'handshake' })))).toEqual([
      'UNKNOWN',
      'tunnel',
    ]);
    expect(verdict(tunnelOpenFailure('not even an error'))).toEqual(['UNKNOWN', 'tunnel']);
  });

  it('reads a refused forward by its channel-open reason code, never its text', () => {
    expect(verdict(forwardFailure(sshError({ reason: 1 })))).toEqual([
      'PERMISSION_DENIED',
      'tunnel',
    ]);
    expect(verdict(forwardFailure(sshError({ reason: 2 })))).toEqual([
      'CONNECTION_REFUSED',
      'connect',
    ]);
    expect(verdict(forwardFailure(sshError({ reason: 4 })))).toEqual([
      'CONNECTION_REFUSED',
      'connect',
    ]);
    expect(verdict(forwardFailure(sshError({ reason: '' })))).toEqual([
      'CONNECTION_REFUSED',
      'connect',
    ]);
    expect(verdict(forwardFailure(new Error('administratively prohibited')))).toEqual([
      'CONNECTION_REFUSED',
      'connect',
    ]);
  });
});

import { socketFailureReason } from './socket-error-codes';

describe('socketFailureReason', () => {
  it.each([
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['EHOSTUNREACH', 'CONNECTION_REFUSED'],
    ['ENETUNREACH', 'CONNECTION_REFUSED'],
    ['EADDRNOTAVAIL', 'CONNECTION_REFUSED'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ABORT_ERR', 'TIMEOUT'],
  ])('%s → %s', (code, reason) => {
    expect(socketFailureReason(code)).toBe(reason);
  });

  it('a hang-up is a refusal only for a caller that is still dialling', () => {
    expect(socketFailureReason('ECONNRESET')).toBeUndefined();
    expect(socketFailureReason('EPIPE')).toBeUndefined();
    expect(socketFailureReason('ECONNRESET', { hangUpRefuses: true })).toBe('CONNECTION_REFUSED');
    expect(socketFailureReason('EPIPE', { hangUpRefuses: true })).toBe('CONNECTION_REFUSED');
  });

  it('names no reason for other codes, including inherited property names', () => {
    expect(socketFailureReason('ELOGIN')).toBeUndefined();
    expect(socketFailureReason('constructor')).toBeUndefined();
  });
});

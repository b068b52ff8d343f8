import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
} from 'mongodb';
import { DriverError } from '../database-driver';
import { translateMongoError } from './mongodb-errors';

function selectionError(cause: Error): MongoServerSelectionError {
  const error = new MongoServerSelectionError('selection failed', {
    type: 'Unknown',
    servers: new Map([['10.0.0.5:27017', { error: cause }]]),
    stale: false,
    compatible: true,
    heartbeatFrequencyMS: 10000,
    localThresholdMS: 15,
    setName: null,
    maxElectionId: null,
    maxSetVersion: null,
    commonWireVersion: 0,
    logicalSessionTimeoutMinutes: null,
  } as never);
  return error;
}

const nodeError = (code: string): Error => Object.assign(new Error('x'), { code });

describe('translateMongoError', () => {
  it.each([
    [
      new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }),
      'AUTH_FAILED',
      'authenticate',
    ],
    [new MongoServerError({ code: 13, errmsg: 'not authorized' }), 'PERMISSION_DENIED', 'query'],
    [new MongoServerError({ code: 50, errmsg: 'time limit' }), 'TIMEOUT', 'query'],
    [new MongoNetworkTimeoutError('timed out'), 'TIMEOUT', 'query'],
    [
      new MongoNetworkError('refused', { cause: nodeError('ECONNREFUSED') }),
      'CONNECTION_REFUSED',
      'connect',
    ],
    [
      selectionError(new MongoNetworkError('refused', { cause: nodeError('ECONNREFUSED') })),
      'CONNECTION_REFUSED',
      'connect',
    ],
    [
      selectionError(
        new MongoNetworkError('tls', { cause: nodeError('DEPTH_ZERO_SELF_SIGNED_CERT') }),
      ),
      'TLS_ERROR',
      'tls',
    ],
    [selectionError(new Error('nothing more known')), 'TIMEOUT', 'query'],
    [new MongoServerError({ code: 2, errmsg: 'bad value' }), 'UNKNOWN', 'query'],
  ])('%p → %s at %s', (error, reason, stage) => {
    const translated = translateMongoError(error, 'query');
    expect([translated.reason, translated.stage]).toEqual([reason, stage]);
    expect(translated.cause).toBe(error);
  });

  it('passes a DriverError through', () => {
    const original = new DriverError('TIMEOUT', 'connect');
    expect(translateMongoError(original, 'query')).toBe(original);
  });
});

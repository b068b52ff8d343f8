import { bearerCredential } from './bearer-token';

describe('bearerCredential', () => {
  it('takes the token of a Bearer credential, whatever the case of the scheme', () => {
    expect(bearerCredential('Bearer abc.def.ghi')).toEqual({ kind: 'token', token: 'abc.def.ghi' });
    expect(bearerCredential('bearer  abc.def-_~+/==')).toEqual({
      kind: 'token',
      token: 'abc.def-_~+/==',
    });
    expect(bearerCredential(['Bearer first', 'Bearer second'])).toEqual({
      kind: 'token',
      token: 'first',
    });
  });

  it('no header, or another scheme: no bearer credential', () => {
    expect(bearerCredential(undefined)).toEqual({ kind: 'none' });
    expect(bearerCredential('Basic YWxhZGRpbjpvcGVu')).toEqual({ kind: 'none' });
    expect(bearerCredential('BearerToken abc')).toEqual({ kind: 'none' });
    expect(bearerCredential('abc.def.ghi')).toEqual({ kind: 'none' });
  });

  it('Bearer with nothing usable after it: malformed', () => {
    expect(bearerCredential('Bearer')).toEqual({ kind: 'malformed' });
    expect(bearerCredential('Bearer ')).toEqual({ kind: 'malformed' });
    expect(bearerCredential('Bearer two tokens')).toEqual({ kind: 'malformed' });
    expect(bearerCredential('Bearer a"b')).toEqual({ kind: 'malformed' });
  });
});

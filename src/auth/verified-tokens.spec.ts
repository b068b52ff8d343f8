import { Principal } from './principal';
import { VerifiedTokens } from './verified-tokens';

const principal = (organizationId: string): Principal => ({
  organizationId,
  permissions: new Set(['connections:read']),
});

describe('VerifiedTokens', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('keeps a token until the check would stop accepting it, when that comes before the maximum age', () => {
    const tokens = new VerifiedTokens({ now: clock });
    const alice = principal('acme');
    tokens.remember('token-a', alice, 10_000);
    now += 9_999;
    expect(tokens.get('token-a')).toBe(alice);
    now += 1;
    expect(tokens.get('token-a')).toBeUndefined();
  });

  it('keeps a token at most the maximum age, however long it is valid', () => {
    const tokens = new VerifiedTokens({ now: clock, maxAgeMs: 60_000 });
    tokens.remember('token-a', principal('acme'), 3_600_000);
    now += 59_999;
    expect(tokens.get('token-a')?.organizationId).toBe('acme');
    now += 1;
    expect(tokens.get('token-a')).toBeUndefined();
  });

  it('does not keep a token that is no longer accepted, or for less than a millisecond more', () => {
    const tokens = new VerifiedTokens({ now: clock });
    tokens.remember('token-a', principal('acme'), 0);
    tokens.remember('token-b', principal('acme'), -5_000);
    tokens.remember('token-c', principal('acme'), 0.5);
    for (const elapsed of [0, 3_600_000]) {
      now += elapsed;
      expect(['token-a', 'token-b', 'token-c'].map((token) => tokens.get(token))).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    }
  });

  it('holds at most maxEntries tokens, the least recently used leaving first', () => {
    const tokens = new VerifiedTokens({ now: clock, maxEntries: 2 });
    tokens.remember('token-a', principal('a'), 60_000);
    tokens.remember('token-b', principal('b'), 60_000);
    tokens.get('token-a');
    tokens.remember('token-c', principal('c'), 60_000);
    expect(tokens.get('token-b')).toBeUndefined();
    expect(tokens.get('token-a')?.organizationId).toBe('a');
    expect(tokens.get('token-c')?.organizationId).toBe('c');
  });

  it('tells tokens apart by their whole text', () => {
    const tokens = new VerifiedTokens({ now: clock });
    tokens.remember('header.payload.signature', principal('acme'), 60_000);
    expect(tokens.get('header.payload.signatur')).toBeUndefined();
    expect(tokens.get('header.payload.signature ')).toBeUndefined();
    expect(tokens.get('other.payload.signature')).toBeUndefined();
  });
});

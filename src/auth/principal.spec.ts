import { principalOf } from './principal';

describe('principalOf', () => {
  it('takes the organization from the configured claim, the subject, and the permissions of scope and permissions together', () => {
    const principal = principalOf(
      {
        tenant: 'acme',
        sub: 'user-1',
        scope: ' connections:read  profile ',
        permissions: ['connections:test', 7, null],
      },
      'tenant',
    );
    expect(principal?.organizationId).toBe('acme');
    expect(principal?.subject).toBe('user-1');
    expect([...(principal?.permissions ?? [])].sort()).toEqual([
      'connections:read',
      'connections:test',
      'profile',
    ]);
  });

  it('grants nothing from a scope that is not a string or permissions that are not an array', () => {
    const principal = principalOf(
      { organization: 'acme', scope: ['connections:read'], permissions: 'connections:write' },
      'organization',
    );
    expect(principal?.permissions.size).toBe(0);
  });

  it.each([
    ['missing', {}],
    ['a number', { organization: 42 }],
    ['an array', { organization: ['acme'] }],
    ['blank', { organization: '   ' }],
    ['longer than the store holds (200)', { organization: 'o'.repeat(201) }],
    ['holding U+0000, which PostgreSQL cannot store', { organization: 'acme\u0000' }],
    ['fine but the subject (the history actor) holds U+0000', { organization: 'acme', sub: 'alice\u0000' }],
  ])('no principal when the organization claim is %s', (_name, payload) => {
    expect(principalOf(payload, 'organization')).toBeUndefined();
  });

  it('takes an organization of exactly 200 characters, and a claim name with dots or slashes as it is', () => {
    expect(
      principalOf({ organization: 'o'.repeat(200) }, 'organization')?.organizationId,
    ).toHaveLength(200);
    expect(
      principalOf({ 'https://example.com/org': 'acme' }, 'https://example.com/org')?.organizationId,
    ).toBe('acme');
  });
});

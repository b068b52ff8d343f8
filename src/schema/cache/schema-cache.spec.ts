import { schemaCacheKey } from './schema-cache';

describe('schemaCacheKey', () => {
  const id = '019abcde-f012-7345-8678-9abcdef01234';
  const updatedAt = new Date(1_764_230_400_000);

  it('names the organization, the id and the version', () => {
    expect(schemaCacheKey({ organizationId: 'acme', id, updatedAt })).toBe(
      `acme:${id}:1764230400000`,
    );
  });

  it('differs per organization, id and version', () => {
    const keys = new Set([
      schemaCacheKey({ organizationId: 'acme', id, updatedAt }),
      schemaCacheKey({ organizationId: 'globex', id, updatedAt }),
      schemaCacheKey({ organizationId: 'acme', id: id.replace(/4$/, '5'), updatedAt }),
      schemaCacheKey({ organizationId: 'acme', id, updatedAt: new Date(updatedAt.getTime() + 1) }),
    ]);
    expect(keys.size).toBe(4);
  });
});

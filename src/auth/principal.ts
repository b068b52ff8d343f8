import { JWTPayload } from 'jose';

/** Who a verified token speaks for. */
export interface Principal {
  /** The tenant: the token's organization claim. */
  readonly organizationId: string;
  /** The token's `sub`, when it has one (the history's actor). */
  readonly subject?: string;
  readonly permissions: ReadonlySet<string>;
}

/** The store's organization column holds at most this many characters. */
export const MAX_ORGANIZATION_LENGTH = 200;

/** The permissions a token grants: its `scope` words and its `permissions` entries, together. */
function permissionsOf(payload: JWTPayload): Set<string> {
  const granted = new Set<string>();
  if (typeof payload.scope === 'string') {
    for (const word of payload.scope.split(/\s+/)) if (word !== '') granted.add(word);
  }
  if (Array.isArray(payload.permissions)) {
    for (const entry of payload.permissions as unknown[])
      if (typeof entry === 'string') granted.add(entry);
  }
  return granted;
}

/**
 * The principal of a verified payload, or undefined when the organization claim is missing, not a
 * string, blank, longer than the store can hold or holding U+0000, which PostgreSQL cannot store,
 * or when `sub` (the history's actor) holds U+0000 (such a token is refused like an invalid one).
 */
export function principalOf(payload: JWTPayload, organizationClaim: string): Principal | undefined {
  const organization: unknown = payload[organizationClaim];
  if (typeof organization !== 'string') return undefined;
  if (organization.trim() === '' || organization.length > MAX_ORGANIZATION_LENGTH) return undefined;
  if (organization.includes('\u0000')) return undefined;
  if (typeof payload.sub === 'string' && payload.sub.includes('\u0000')) return undefined;
  return {
    organizationId: organization,
    subject: typeof payload.sub === 'string' ? payload.sub : undefined,
    permissions: permissionsOf(payload),
  };
}

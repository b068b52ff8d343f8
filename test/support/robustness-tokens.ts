import fc from 'fast-check';
import { Permission } from '../../src/auth/permission';
import { Credential, INVALID_TOKEN_CHALLENGE, Verdict } from './robustness-auth';
import { Header } from './robustness-targets';
import { ALL_PERMISSIONS, TestIssuer, retagged, tampered, unsignedToken } from './token-issuer';

interface Minted {
  token: string;
  verdict: Verdict;
  why: string;
}

/** Real tokens signed before the run (fast-check generates synchronously): accepted and refused ones. */
export interface TokenKit {
  /** Grant every permission, per organization (HS256 mostly, RS256 and ES256 through the key set). */
  full: Minted[];
  /** Accepted, with some permissions missing. */
  partial: Minted[];
  /** Real JWTs the service must refuse: expired, wrong key, alg none, no organization, … */
  refused: Minted[];
  /** A token of `organization` with every permission (HS256), for the suite's own requests. */
  bearer(organization: string): string;
}

const PERMISSIONS = Object.values(Permission);

/** Every proper subset of the permissions (the empty one included). */
const PROPER_SUBSETS: Permission[][] = Array.from(
  { length: 2 ** PERMISSIONS.length - 1 },
  (_v, mask) => PERMISSIONS.filter((_p, bit) => (mask >> bit) & 1),
);

/**
 * Signs the tokens of the run with `issuer`: for each organization, accepted tokens granting
 * everything (HS256 by `scope` or `permissions`, RS256, ES256) or a proper subset of the
 * permissions, and, in the first organization's name, every kind of token the service must
 * refuse. Expiry is an hour away: longer than any run.
 */
export async function mintTokens(
  issuer: TestIssuer,
  organizations: readonly string[],
): Promise<TokenKit> {
  const now = Math.floor(Date.now() / 1000);
  const hour = { exp: now + 3600 };
  const kit: TokenKit = {
    full: [],
    partial: [],
    refused: [],
    bearer(organization) {
      const found = this.full.find(
        (minted) =>
          minted.verdict.kind === 'accepted' && minted.verdict.organization === organization,
      );
      if (!found) throw new Error(`no token of ${organization}`);
      return found.token;
    },
  };
  const accepted = (organization: string, permissions: string[]): Verdict => ({
    kind: 'accepted',
    organization,
    permissions: new Set(permissions),
  });
  for (const organization of organizations) {
    const all = PERMISSIONS as string[];
    const full: Array<[string, Promise<string>]> = [
      ['HS256, scope', issuer.token(organization, { alg: 'HS256', claims: hour })],
      [
        'HS256, permissions array',
        issuer.token(organization, {
          alg: 'HS256',
          claims: { ...hour, scope: undefined, permissions: all },
        }),
      ],
      [
        'HS256, scope with other words',
        issuer.token(organization, {
          alg: 'HS256',
          claims: { ...hour, scope: `openid ${ALL_PERMISSIONS} profile` },
        }),
      ],
      ['RS256 through the key set', issuer.token(organization, { alg: 'RS256', claims: hour })],
      ['ES256 through the key set', issuer.token(organization, { alg: 'ES256', claims: hour })],
    ];
    for (const [how, token] of full) {
      kit.full.push({
        token: await token,
        verdict: accepted(organization, all),
        why: `${organization}, every permission, ${how}`,
      });
    }
    for (const [index, subset] of PROPER_SUBSETS.entries()) {
      const byArray = index % 2 === 1;
      const claims = byArray
        ? { ...hour, scope: undefined, permissions: subset }
        : { ...hour, scope: subset.join(' ') };
      kit.partial.push({
        token: await issuer.token(organization, { alg: index === 3 ? 'RS256' : 'HS256', claims }),
        verdict: accepted(organization, subset),
        why: `${organization}, only [${subset.join(' ')}]`,
      });
    }
  }

  const [home, other] = organizations;
  const refused = (why: string, token: string | Promise<string>) =>
    Promise.resolve(token).then((value) => ({
      token: value,
      verdict: { kind: 'refused', challenge: INVALID_TOKEN_CHALLENGE } as Verdict,
      why,
    }));
  const strangerRsa = await TestIssuer.unpublishedKey('rsa-1');
  const strangerEc = await TestIssuer.unpublishedKey('ec-1', 'ES256');
  const unknownKid = await TestIssuer.unpublishedKey('rsa-unknown');
  const homeToken = await issuer.token(String(home), { claims: hour });
  const homeHs = await issuer.token(String(home), { alg: 'HS256', claims: hour });
  kit.refused = await Promise.all([
    refused('expired an hour ago', issuer.token(String(home), { claims: { exp: now - 3600 } })),
    refused(
      'expired an hour ago, HS256',
      issuer.token(String(home), { alg: 'HS256', claims: { exp: now - 3600 } }),
    ),
    refused(
      'not valid for an hour',
      issuer.token(String(home), { claims: { ...hour, nbf: now + 3600 } }),
    ),
    refused('no exp', issuer.token(String(home), { alg: 'HS256', claims: { exp: undefined } })),
    refused(
      'another issuer',
      issuer.token(String(home), { claims: { ...hour, iss: 'https://elsewhere.example' } }),
    ),
    refused(
      'another audience',
      issuer.token(String(home), { claims: { ...hour, aud: 'another-api' } }),
    ),
    refused(
      'no audience',
      issuer.token(String(home), { alg: 'HS256', claims: { ...hour, aud: undefined } }),
    ),
    refused(
      'HS256 signed with another secret',
      issuer.token(String(home), {
        alg: 'HS256',
        claims: hour,
        signWith: new TextEncoder().encode(`${issuer.secret}x`),
      }),
    ),
    refused(
      'RS256 signed by a key never published, under a published kid',
      issuer.token(String(home), { key: strangerRsa, claims: hour }),
    ),
    refused(
      'ES256 signed by a key never published, under a published kid',
      issuer.token(String(home), { key: strangerEc, claims: hour }),
    ),
    refused(
      'RS256 under an unknown kid',
      issuer.token(String(home), { key: unknownKid, claims: hour }),
    ),
    refused(
      'alg none',
      unsignedToken({ organization: home, scope: ALL_PERMISSIONS, exp: now + 3600 }),
    ),
    refused(
      'HS256 signed with the RSA public key (algorithm confusion)',
      issuer.rsaPublicPem().then((pem) =>
        issuer.token(String(home), {
          alg: 'HS256',
          claims: hour,
          signWith: new TextEncoder().encode(pem),
        }),
      ),
    ),
    refused('RS384', issuer.token(String(home), { alg: 'RS384', claims: hour })),
    refused('RS256 relabelled ES256', retagged(homeToken, 'ES256')),
    refused('HS256 relabelled RS256', retagged(homeHs, 'RS256')),
    refused(
      'no organization',
      issuer.token(String(home), { alg: 'HS256', claims: { ...hour, organization: undefined } }),
    ),
    refused(
      'a blank organization',
      issuer.token(String(home), { alg: 'HS256', claims: { ...hour, organization: ' ' } }),
    ),
    refused(
      'a number as organization',
      issuer.token(String(home), { alg: 'HS256', claims: { ...hour, organization: 7 } }),
    ),
    refused(
      'an organization of 201 characters',
      issuer.token(String(home), {
        alg: 'HS256',
        claims: { ...hour, organization: 'o'.repeat(201) },
      }),
    ),
    refused(
      `${home}'s RS256 token rewritten to ${other}`,
      tampered(homeToken, { organization: other }),
    ),
    refused(
      `${home}'s HS256 token rewritten to ${other}`,
      tampered(homeHs, { organization: other }),
    ),
    refused('the signature cut off', `${homeToken.split('.').slice(0, 2).join('.')}.`),
    refused('the signature shortened', homeHs.slice(0, -4)),
  ]);
  return kit;
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]{1,300}=*$/;
const SEGMENT = /^[A-Za-z0-9_-]{0,120}$/;
const LINE_CHARACTERS = Array.from({ length: 0xff - 0x20 + 1 }, (_v, i) =>
  String.fromCharCode(0x20 + i),
).filter((char) => !/[\x7f-\x9f]/.test(char));

/** Made-up tokens: token68 text, three base64url segments, JSON-looking headers, long ones, odd characters. */
const garbage: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(TOKEN68),
  fc
    .tuple(fc.stringMatching(SEGMENT), fc.stringMatching(SEGMENT), fc.stringMatching(SEGMENT))
    .map((parts) => parts.join('.')),
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 })).map(([header, payload]) =>
    [header, payload]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .concat('c2ln')
      .join('.'),
  ),
  fc.integer({ min: 500, max: 2000 }).map((length) => `eyJ${'A'.repeat(length)}`),
  // What else a header line may carry (printable ASCII and Latin-1): spaces, commas, quotes, …
  fc.string({ unit: fc.constantFrom(...LINE_CHARACTERS), maxLength: 60 }),
);

const SCHEME_SPELLINGS = ['Bearer', 'Bearer', 'Bearer', 'bearer', 'BEARER'];

/** `Authorization` lines that carry `token` as a bearer token, in the spellings clients use. */
function bearerLines(token: string, next: string): fc.Arbitrary<{ lines: Header[]; how: string }> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...SCHEME_SPELLINGS),
          fc.constantFrom(' ', ' ', '   '),
          fc.constantFrom('Authorization', 'authorization'),
        )
        .map(([scheme, gap, name]) => ({
          lines: [[name, `${scheme}${gap}${token}`] as const],
          how: `${name}: ${scheme}${gap === ' ' ? ' ' : '<spaces>'}…`,
        })),
    },
    fc.constant({
      lines: [
        ['Authorization', `Bearer ${token}`],
        ['Authorization', `Bearer ${next}`],
      ] as Header[],
      how: 'two Authorization lines, this one first',
    }),
  );
}

/**
 * A credential for a generated request: a token the service must accept (either organization,
 * every permission or only some), a real token it must refuse, made-up text, no credential at
 * all, or a real token where a bearer token does not travel (the query string, another header,
 * without the `Bearer` scheme).
 */
export function credentialArbitrary(kit: TokenKit): fc.Arbitrary<Credential> {
  const minted = (list: Minted[]) =>
    fc
      .tuple(fc.constantFrom(...list), fc.constantFrom(...kit.refused, ...kit.full))
      .chain(([chosen, next]) =>
        bearerLines(chosen.token, next.token).map(({ lines, how }): Credential => ({
          lines,
          verdict: chosen.verdict,
          token: chosen.token,
          why: `${chosen.why} (${how})`,
        })),
      );
  const made = garbage.map((value): Credential => ({
    lines: [['Authorization', `Bearer ${value}`]],
    // A made-up token68 is an invalid token; other text may also be read as no token at all.
    verdict: {
      kind: 'refused',
      challenge: TOKEN68.test(value) ? INVALID_TOKEN_CHALLENGE : undefined,
    },
    why: `made-up ${JSON.stringify(value.slice(0, 40))}`,
  }));
  const misplaced = fc
    .tuple(
      fc.constantFrom(...kit.full),
      fc.constantFrom<'query' | 'no-scheme' | 'other-header' | 'basic' | 'none'>(
        'query',
        'no-scheme',
        'other-header',
        'basic',
        'none',
      ),
    )
    .map(([chosen, where]): Credential => {
      const missing = { kind: 'missing' } as const;
      switch (where) {
        case 'query':
          return {
            lines: [],
            query: `access_token=${chosen.token}`,
            verdict: missing,
            token: chosen.token,
            why: 'a valid token in the query string only',
          };
        case 'no-scheme':
          return {
            lines: [['Authorization', chosen.token]],
            verdict: missing,
            token: chosen.token,
            why: 'a valid token without the Bearer scheme',
          };
        case 'other-header':
          return {
            lines: [
              ['X-Authorization', `Bearer ${chosen.token}`],
              ['Proxy-Authorization', `Bearer ${chosen.token}`],
            ],
            verdict: missing,
            token: chosen.token,
            why: 'a valid token in X-Authorization and Proxy-Authorization only',
          };
        case 'basic':
          return {
            lines: [['Authorization', 'Basic b3JnLWE6cGFzcw==']],
            verdict: missing,
            why: 'Basic credentials',
          };
        case 'none':
          return { lines: [], verdict: missing, why: 'no Authorization header' };
      }
    });
  const malformed = fc.constantFrom<Credential>(
    { lines: [['Authorization', 'Bearer']], verdict: { kind: 'refused' }, why: '`Bearer` alone' },
    {
      lines: [['Authorization', 'Bearer a b']],
      verdict: { kind: 'refused' },
      why: '`Bearer` with two words',
    },
    {
      lines: [['Authorization', 'Bearer\tabc']],
      verdict: { kind: 'refused' },
      why: '`Bearer` and a tab',
    },
  );
  return fc.oneof(
    { weight: 8, arbitrary: minted(kit.full) },
    { weight: 2, arbitrary: minted(kit.partial) },
    { weight: 3, arbitrary: minted(kit.refused) },
    { weight: 1, arbitrary: made },
    { weight: 1, arbitrary: misplaced },
    { weight: 1, arbitrary: malformed },
  );
}

import { JWTVerifyGetKey, decodeProtectedHeader, jwtVerify } from 'jose';
import { Settings } from '../config/settings';
import { invalidToken, keysUnavailable } from './auth-errors';
import { JwksKeySet, KeySetUnavailable } from './jwks-key-set';
import { Principal, principalOf } from './principal';
import { VerifiedTokens } from './verified-tokens';

/** `exp` and `nbf` are checked with this much leeway for clocks that differ (seconds). */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The algorithms of each key source; a token's `alg` picks the source. */
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
const SECRET_ALGORITHMS = ['HS256'];

interface KeySource {
  algorithms: string[];
  key: Uint8Array | JWTVerifyGetKey;
}

/**
 * Verifies a bearer token (spec §6.3) and tells whose it is. The token's `alg` header picks the one
 * key source that may verify it (HS256 → AUTH_JWT_SECRET; RS256/ES256 → AUTH_JWKS_URL), and jose
 * accepts only that source's algorithms, so a token can never be checked with the other kind of key:
 * `alg: none`, an HS256 token signed with the issuer's public key, or an algorithm with no source
 * configured are refused. `exp` is required; `nbf`, and `iss`/`aud` when configured, are checked.
 * An accepted token is remembered (VerifiedTokens) until its `exp` or for a minute, so the same
 * token sent again is not checked again meanwhile.
 */
export class TokenVerifier {
  private readonly sources = new Map<string, KeySource>();

  constructor(
    private readonly settings: Settings['auth'],
    readonly keySet?: JwksKeySet,
    private readonly verified = new VerifiedTokens(),
  ) {
    if (keySet) {
      const source: KeySource = { algorithms: JWKS_ALGORITHMS, key: keySet.key };
      for (const alg of JWKS_ALGORITHMS) this.sources.set(alg, source);
    }
    if (settings.jwtSecret !== undefined) {
      const source: KeySource = {
        algorithms: SECRET_ALGORITHMS,
        key: new TextEncoder().encode(settings.jwtSecret),
      };
      for (const alg of SECRET_ALGORITHMS) this.sources.set(alg, source);
    }
  }

  static fromSettings(settings: Settings['auth']): TokenVerifier {
    return new TokenVerifier(
      settings,
      settings.jwksUrl === undefined ? undefined : new JwksKeySet(new URL(settings.jwksUrl)),
    );
  }

  /** The token's principal; a FetException 401 (not accepted) or 503 (keys cannot be fetched). */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known !== undefined) return known;
    const source = this.sourceFor(token);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, source.key, {
        algorithms: source.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw error instanceof KeySetUnavailable ? keysUnavailable(error) : invalidToken(error);
    }
    const principal = principalOf(payload, this.settings.organizationClaim);
    if (principal === undefined) throw invalidToken();
    // requiredClaims made jose check that `exp` is a number.
    const acceptedForMs = ((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000 - Date.now();
    this.verified.remember(token, principal, acceptedForMs);
    return principal;
  }

  private sourceFor(token: string): KeySource {
    let alg: unknown;
    try {
      ({ alg } = decodeProtectedHeader(token));
    } catch (error) {
      throw invalidToken(error);
    }
    const source = typeof alg === 'string' ? this.sources.get(alg) : undefined;
    if (source === undefined) throw invalidToken();
    return source;
  }
}

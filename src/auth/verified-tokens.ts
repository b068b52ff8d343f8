import { LRUCache } from 'lru-cache';
import { Principal } from './principal';

export interface VerifiedTokensOptions {
  /** At most this many tokens (default 10,000: under 15 MB for tokens of 1.5 KB). */
  maxEntries?: number;
  /** A token is verified again at the latest this long after it was (default 60 s). */
  maxAgeMs?: number;
  /** Clock (ms); tests pass their own. */
  now?: () => number;
}

export const VERIFIED_TOKENS_MAX_ENTRIES = 10_000;

/**
 * The principals of tokens verified lately, by their exact text: a client sends the same token with
 * every request until it refreshes it, and checking an RS256 signature through WebCrypto costs more
 * than the rest of a GET does. Only accepted tokens are kept, each until the earlier of its `exp`
 * (with the same clock tolerance as the check) and `maxAgeMs` after it was verified, so a token is
 * never accepted past its expiry, and a token signed with a key the issuer withdraws is accepted at
 * most a minute longer than the cached key set alone would accept it. Everything else in the check
 * (signature, algorithm, issuer, audience, organization, permissions) depends only on the token's
 * text and the configuration. Refused tokens are not kept: each is checked again.
 */
export class VerifiedTokens {
  private readonly entries: LRUCache<string, Principal>;
  private readonly maxAgeMs: number;

  constructor(options: VerifiedTokensOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.entries = new LRUCache({
      max: options.maxEntries ?? VERIFIED_TOKENS_MAX_ENTRIES,
      ttlResolution: 0,
      perf: options.now ? { now: options.now } : undefined,
    });
  }

  get(token: string): Principal | undefined {
    return this.entries.get(token);
  }

  /**
   * Keeps the token while less than `acceptedForMs` (how much longer the check accepts it: its `exp`,
   * tolerance included) and less than the maximum age have passed.
   */
  remember(token: string, principal: Principal, acceptedForMs: number): void {
    // lru-cache serves an entry while at most `ttl` ms have passed (and reads a ttl of 0 as "forever").
    const ttl = Math.ceil(Math.min(this.maxAgeMs, acceptedForMs)) - 1;
    if (ttl > 0) this.entries.set(token, principal, { ttl });
  }
}

import {
  CryptoKey,
  FlattenedJWSInput,
  JSONWebKeySet,
  JWSHeaderParameters,
  LocalJWKSet,
  createLocalJWKSet,
  errors,
} from 'jose';

export interface JwksKeySetOptions {
  /** A fetch that has not answered (status and body) by then is abandoned (default 5 s). */
  timeoutMs?: number;
  /** A token whose `kid` is not in the cached set starts a fetch only when none started for this long (default 30 s). */
  refetchIntervalMs?: number;
  /** The cached set is fetched again, by the first request after this long (default 10 min). */
  maxAgeMs?: number;
}

/** Why the key set could not be had; the request is answered 503 FET-0003, not 401. */
export class KeySetUnavailable extends Error {
  constructor(
    /** Logged as the cause's code: `timeout`, `unreachable` or `bad-response`. */
    readonly reason: 'timeout' | 'unreachable' | 'bad-response',
    cause: unknown,
  ) {
    super(`The JSON Web Key Set could not be fetched (${reason})`, { cause });
    this.name = 'KeySetUnavailable';
  }
}

/**
 * The signing keys of AUTH_JWKS_URL (spec §6.3), fetched on first use and cached; a key resolver
 * for jose's jwtVerify. Concurrent requests share one fetch; a fetch never takes longer than
 * `timeoutMs`. A token whose `kid` the cached set lacks (a key rotated at the issuer, or a forged
 * token) starts a new fetch at most once per `refetchIntervalMs`, counted from the start of the last
 * fetch whether it succeeded or not, so such tokens can never make the service hammer the issuer;
 * in between they are refused as invalid.
 *
 * (jose's createRemoteJWKSet starts its cooldown only after a successful fetch: while the issuer
 * fails, each unknown `kid` would fetch again. Key matching is jose's, createLocalJWKSet.)
 */
export class JwksKeySet {
  private readonly timeoutMs: number;
  private readonly refetchIntervalMs: number;
  private readonly maxAgeMs: number;
  private keys: LocalJWKSet | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private startedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<LocalJWKSet> | undefined;
  private fetches = 0;

  constructor(
    private readonly url: URL,
    options: JwksKeySetOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.refetchIntervalMs = options.refetchIntervalMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
  }

  /** How many fetches were started so far. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** The key for a token's protected header: jose's key-resolver signature. */
  readonly key = async (
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<CryptoKey> => {
    const cached = performance.now() - this.fetchedAt < this.maxAgeMs ? this.keys : undefined;
    const keys = cached ?? (await this.load());
    try {
      return await keys(header, token);
    } catch (error) {
      const mayRefetch = performance.now() - this.startedAt >= this.refetchIntervalMs;
      if (!(error instanceof errors.JWKSNoMatchingKey) || !mayRefetch) throw error;
      return (await this.load())(header, token);
    }
  };

  /** One fetch at a time: callers arriving meanwhile share it. */
  private load(): Promise<LocalJWKSet> {
    this.pending ??= this.fetchOnce().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchOnce(): Promise<LocalJWKSet> {
    this.startedAt = performance.now();
    this.fetches += 1;
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(this.url, {
        signal,
        redirect: 'manual',
        headers: { accept: 'application/jwk-set+json, application/json' },
      });
    } catch (error) {
      throw new KeySetUnavailable(signal.aborted ? 'timeout' : 'unreachable', error);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new KeySetUnavailable('bad-response', new Error(`HTTP ${response.status}`));
    }
    let document: unknown;
    try {
      document = await response.json();
    } catch (error) {
      throw new KeySetUnavailable(signal.aborted ? 'timeout' : 'bad-response', error);
    }
    let keys: LocalJWKSet;
    try {
      keys = createLocalJWKSet(document as JSONWebKeySet);
    } catch (error) {
      throw new KeySetUnavailable('bad-response', error);
    }
    this.keys = keys;
    this.fetchedAt = performance.now();
    return keys;
  }
}

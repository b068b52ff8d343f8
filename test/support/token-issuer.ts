import { randomBytes } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import {
  CryptoKey,
  JWK,
  SignJWT,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
} from 'jose';
import { excludeFromResponseContract } from './response-contract/response-contract';

export const ISSUER = 'https://issuer.test.example';
export const AUDIENCE = 'connections-api';
export const ALL_PERMISSIONS = 'connections:read connections:write connections:test';

/** RS384: the issuer's RSA key under an algorithm the service does not accept. */
export type SigningAlg = 'RS256' | 'ES256' | 'HS256' | 'RS384';

/** How the key-set endpoint answers: the keys, a 500, or never (the socket stays open, silent). */
export type KeySetMode = 'serve' | 'fail' | 'hang';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export interface TokenOptions {
  alg?: SigningAlg;
  /** Claims on top of (or, when undefined, removing) the defaults: iss, aud, sub, organization, scope, iat, exp. */
  claims?: Record<string, unknown>;
  /** `kid` header; defaults to the signing key's own. */
  kid?: string;
  /** Sign with this key instead of the issuer's (a forged token). */
  signWith?: CryptoKey | Uint8Array;
}

/** RSA keys are published without `alg`, as many issuers do (the service's own allowlist decides). */
async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = {
    ...(await exportJWK(publicKey)),
    kid,
    use: 'sig',
    ...(alg === 'ES256' ? { alg } : {}),
  };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

/**
 * A token issuer for the tests: RS256 and ES256 keys published as a JSON Web Key Set by a
 * node:http server on loopback (counting its fetches, and able to fail or hang), and the HS256
 * shared secret. Tokens are real JWTs signed with jose.
 */
export class TestIssuer {
  readonly secret = randomBytes(32).toString('base64url');
  fetches = 0;
  mode: KeySetMode = 'serve';
  private published: SigningKey[];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly rsa: SigningKey,
    readonly ec: SigningKey,
  ) {
    this.published = [rsa, ec];
  }

  static async start(): Promise<TestIssuer> {
    const [rsa, ec] = await Promise.all([
      signingKey('rsa-1', 'RS256'),
      signingKey('ec-1', 'ES256'),
    ]);
    const server = createServer();
    // The identity provider's endpoint, not the service: its answers are not the service's contract.
    excludeFromResponseContract(server);
    const issuer = new TestIssuer(server, rsa, ec);
    server.on('connection', (socket: Socket) => {
      issuer.sockets.add(socket);
      socket.once('close', () => issuer.sockets.delete(socket));
    });
    server.on('request', (request, response) => {
      issuer.fetches += 1;
      if (issuer.mode === 'hang') return;
      if (issuer.mode === 'fail') {
        response.writeHead(500).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/jwk-set+json' });
      response.end(JSON.stringify({ keys: issuer.published.map((key) => key.publicJwk) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return issuer;
  }

  get jwksUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  /** The environment of a service that trusts this issuer (both key sources unless narrowed). */
  env(
    sources: { jwks?: boolean; secret?: boolean } = { jwks: true, secret: true },
  ): Record<string, string> {
    return {
      AUTH_ENABLED: 'true',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      ...(sources.jwks ? { AUTH_JWKS_URL: this.jwksUrl } : {}),
      ...(sources.secret ? { AUTH_JWT_SECRET: this.secret } : {}),
    };
  }

  /** A new key, published from now on instead of the current RSA key (a rotation at the issuer). */
  async rotate(kid: string): Promise<SigningKey> {
    const next = await signingKey(kid, 'RS256');
    this.published = [next, this.ec];
    return next;
  }

  /** A key of the issuer's kind that it never published. */
  static unpublishedKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): Promise<SigningKey> {
    return signingKey(kid, alg);
  }

  /** The RSA public key as PEM text: the "secret" of an algorithm-confusion attack. */
  rsaPublicPem(): Promise<string> {
    return exportSPKI(this.rsa.publicKey);
  }

  async token(
    organization: string,
    options: TokenOptions & { key?: SigningKey } = {},
  ): Promise<string> {
    const alg = options.alg ?? options.key?.alg ?? 'RS256';
    const key = options.key ?? (alg === 'ES256' ? this.ec : this.rsa);
    const rsaAs384 = async () => importPKCS8(await exportPKCS8(key.privateKey), 'RS384');
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: `user-of-${organization}`,
      organization,
      scope: ALL_PERMISSIONS,
      iat: now,
      exp: now + 600,
      ...options.claims,
    };
    for (const [name, value] of Object.entries(claims))
      if (value === undefined) delete claims[name];
    const header =
      alg === 'HS256' ? { alg, typ: 'JWT' } : { alg, typ: 'JWT', kid: options.kid ?? key.kid };
    const signer =
      options.signWith ??
      (alg === 'HS256'
        ? new TextEncoder().encode(this.secret)
        : alg === 'RS384'
          ? await rsaAs384()
          : key.privateKey);
    return new SignJWT(claims).setProtectedHeader(header).sign(signer);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const decodePart = (part: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(String(part), 'base64url').toString('utf8')) as Record<string, unknown>;
const encodePart = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** The token with its header's `alg` replaced (signature unchanged). */
export function retagged(token: string, alg: string): string {
  const [header, payload, signature] = token.split('.');
  return [encodePart({ ...decodePart(header), alg }), payload, signature].join('.');
}

/** The token with these claims written into its payload (signature unchanged): a forgery. */
export function tampered(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  return [header, encodePart({ ...decodePart(payload), ...claims }), signature].join('.');
}

/** A token with `alg: none` (no signature), as an attacker would write it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${encodePart({ alg: 'none', typ: 'JWT' })}.${encodePart(claims)}.`;
}

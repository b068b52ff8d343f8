import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { Permission } from '../src/auth/permission';
import { API_ROUTES, documentedOperations } from './support/api-routes';
import { expectFetError } from './support/fet-expect';
import { BASE, connectionBody, openStoreRows } from './support/store-rows';
import { TestApp, createTestApp } from './support/test-app';
import {
  ALL_PERMISSIONS,
  TestIssuer,
  retagged,
  tampered,
  unsignedToken,
} from './support/token-issuer';

// Real tokens, a real key-set server on loopback, the real app on the embedded store (auth does
// not depend on the store; test/isolation.e2e-spec.ts runs on both).
jest.setTimeout(90_000);

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** 401 FET-0041 with the challenge, and the token nowhere in the answer. */
function expectRefused(
  res: Response,
  token: string | undefined,
  challenge = 'Bearer error="invalid_token"',
): void {
  expectFetError(res, 'FET-0041');
  expect(res.headers['www-authenticate']).toBe(challenge);
  if (token !== undefined)
    expect(JSON.stringify({ headers: res.headers, body: res.body })).not.toContain(token);
}

/**
 * A kid the cached key set lacks (a forged token, or a key rotated at the issuer) may start a new
 * fetch at most once per 30 s. The first half runs first, right after the set was fetched; the
 * second half is the last block of this file, so the wait overlaps the other suites' time.
 */
const rotation = {} as { issuer: TestIssuer; t: TestApp; firstFetchAt: number };
beforeAll(async () => {
  rotation.issuer = await TestIssuer.start();
  rotation.t = await createTestApp({ env: rotation.issuer.env({ jwks: true }) });
  expect(
    (await rotation.t.http.get(BASE).set(bearer(await rotation.issuer.token('acme')))).status,
  ).toBe(200);
  rotation.firstFetchAt = Date.now();
  expect(rotation.issuer.fetches).toBe(1);
});
afterAll(async () => {
  await rotation.t?.close();
  await rotation.issuer?.close();
});

describe('a kid the cached key set lacks, within 30 s of the last fetch (SQLite store)', () => {
  it('is refused (401) without fetching the key set again, however often it comes', async () => {
    const stranger = await TestIssuer.unpublishedKey('rsa-unknown');
    for (let i = 0; i < 5; i++) {
      const token = await rotation.issuer.token('acme', { key: stranger });
      expectRefused(await rotation.t.http.get(BASE).set(bearer(token)), token);
    }
    expect(Date.now() - rotation.firstFetchAt).toBeLessThan(30_000);
    expect(rotation.issuer.fetches).toBe(1);
  });
});

describe('bearer authentication (SQLite store)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let id: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await createTestApp({ env: issuer.env() });
    const created = await t.http
      .post(BASE)
      .set(bearer(await issuer.token('acme')))
      .set('X-Product-Name', 'reports')
      .send(connectionBody());
    expect(created.status).toBe(201);
    id = String(created.body.id);
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  describe('accepted tokens', () => {
    it('RS256 and ES256 through the key set, HS256 with the secret: each reads the organization’s connection', async () => {
      for (const alg of ['RS256', 'ES256', 'HS256'] as const) {
        const res = await t.http
          .get(`${BASE}/${id}`)
          .set(bearer(await issuer.token('acme', { alg })));
        expect({ alg, status: res.status }).toEqual({ alg, status: 200 });
        expect(res.body.id).toBe(id);
      }
    });

    it('fetched the key set once and serves later tokens from the cache', async () => {
      for (let i = 0; i < 5; i++) {
        expect((await t.http.get(BASE).set(bearer(await issuer.token('acme')))).status).toBe(200);
      }
      expect(issuer.fetches).toBe(1);
    });

    it('permissions come from `scope` (space-separated) or from a `permissions` array', async () => {
      const byScope = await issuer.token('acme', {
        claims: { scope: 'profile  connections:read' },
      });
      expect((await t.http.get(BASE).set(bearer(byScope))).status).toBe(200);
      const byArray = await issuer.token('acme', {
        claims: { scope: undefined, permissions: ['connections:read', 42] },
      });
      expect((await t.http.get(BASE).set(bearer(byArray))).status).toBe(200);
      const neither = await issuer.token('acme', { claims: { scope: undefined } });
      expectFetError(await t.http.get(BASE).set(bearer(neither)), 'FET-0042');
    });

    it('allows a little clock skew on exp and nbf (30 s)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const justExpired = await issuer.token('acme', { claims: { exp: now - 5 } });
      expect((await t.http.get(BASE).set(bearer(justExpired))).status).toBe(200);
      const almostValid = await issuer.token('acme', { claims: { nbf: now + 5 } });
      expect((await t.http.get(BASE).set(bearer(almostValid))).status).toBe(200);
    });
  });

  describe('refused tokens: 401 FET-0041 with WWW-Authenticate: Bearer error="invalid_token"', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: Array<[string, () => Promise<string>]> = [
      ['expired', () => issuer.token('acme', { claims: { exp: now() - 3600 } })],
      ['not yet valid', () => issuer.token('acme', { claims: { nbf: now() + 3600 } })],
      ['without exp', () => issuer.token('acme', { claims: { exp: undefined } })],
      [
        'from another issuer',
        () => issuer.token('acme', { claims: { iss: 'https://elsewhere.example' } }),
      ],
      ['for another audience', () => issuer.token('acme', { claims: { aud: 'another-api' } })],
      ['without an audience', () => issuer.token('acme', { claims: { aud: undefined } })],
      [
        'RS256 signed by a key the issuer never published, under its kid',
        async () => issuer.token('acme', { key: await TestIssuer.unpublishedKey('rsa-1') }),
      ],
      [
        'ES256 signed by a key the issuer never published, under its kid',
        async () => issuer.token('acme', { key: await TestIssuer.unpublishedKey('ec-1', 'ES256') }),
      ],
      [
        'HS256 signed with another secret',
        () =>
          issuer.token('acme', {
            alg: 'HS256',
            signWith: new TextEncoder().encode('x'.repeat(32)),
          }),
      ],
      [
        'HS256 signed with the issuer’s RSA public key (algorithm confusion)',
        async () =>
          issuer.token('acme', {
            alg: 'HS256',
            signWith: new TextEncoder().encode(await issuer.rsaPublicPem()),
          }),
      ],
      [
        'with alg none',
        () =>
          Promise.resolve(
            unsignedToken({ organization: 'acme', scope: ALL_PERMISSIONS, exp: now() + 600 }),
          ),
      ],
      [
        'RS384, signed by the issuer’s own RSA key (published without `alg`): not an accepted algorithm',
        () => issuer.token('acme', { alg: 'RS384' }),
      ],
      [
        'with its header’s alg rewritten (RS256 → ES256)',
        () => issuer.token('acme').then((token) => retagged(token, 'ES256')),
      ],
      [
        'without the organization claim',
        () => issuer.token('acme', { claims: { organization: undefined } }),
      ],
      ['with a blank organization', () => issuer.token('acme', { claims: { organization: '  ' } })],
      [
        'with a number as organization',
        () => issuer.token('acme', { claims: { organization: 42 } }),
      ],
      [
        'with an organization longer than 200 characters',
        () => issuer.token('acme', { claims: { organization: 'o'.repeat(201) } }),
      ],
      [
        'with a payload tampered after signing',
        () => issuer.token('acme').then((token) => tampered(token, { organization: 'other' })),
      ],
      ['that is not a JWT', () => Promise.resolve('not-a-jwt')],
    ];
    it.each(cases)('%s', async (_name, make) => {
      const token = await make();
      expectRefused(await t.http.get(`${BASE}/${id}`).set(bearer(token)), token);
    });

    it('no Authorization header, or another scheme: 401 with a bare Bearer challenge', async () => {
      expectRefused(await t.http.get(BASE), undefined, 'Bearer');
      expectRefused(
        await t.http.get(BASE).set('Authorization', 'Basic YWNtZTpwYXNz'),
        'YWNtZTpwYXNz',
        'Bearer',
      );
      const token = await issuer.token('acme');
      expectRefused(await t.http.get(BASE).set('Authorization', token), token, 'Bearer');
    });

    it('`Bearer` without a usable token: 401 invalid_token', async () => {
      expectRefused(await t.http.get(BASE).set('Authorization', 'Bearer'), undefined);
      expectRefused(await t.http.get(BASE).set('Authorization', 'Bearer two parts'), undefined);
    });

    it('a refused request changes nothing', async () => {
      const forged = await issuer.token('acme', { key: await TestIssuer.unpublishedKey('rsa-1') });
      expectRefused(await t.http.delete(`${BASE}/${id}`).set(bearer(forged)), forged);
      expect(
        (await t.http.get(`${BASE}/${id}`).set(bearer(await issuer.token('acme')))).status,
      ).toBe(200);
    });
  });

  describe('permissions, route by route', () => {
    it('the table below covers every operation of the OpenAPI document, and each documents its permission in its 403', async () => {
      const document = (await t.http.get('/docs-json').expect(200)).body as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { description: string }> }>
        >;
      };
      expect(API_ROUTES.map((route) => route.operation).sort()).toEqual(
        documentedOperations(document).sort(),
      );
      for (const route of API_ROUTES) {
        const [method, path] = route.operation.split(' ');
        const forbidden =
          document.paths[String(path)]?.[String(method).toLowerCase()]?.responses['403'];
        expect({ operation: route.operation, forbidden: forbidden?.description }).toEqual({
          operation: route.operation,
          forbidden: expect.stringContaining(`\`${route.permission}\``),
        });
      }
    });

    it.each(API_ROUTES.map((route) => [route.operation, route] as const))(
      '%s: 403 FET-0042 naming its permission without it, past authorization with it alone',
      async (_name, route) => {
        const others = Object.values(Permission).filter(
          (permission) => permission !== route.permission,
        );
        const without = await issuer.token('acme', { claims: { scope: others.join(' ') } });
        const refused = await route
          .request(t.http, { id: randomUUID(), configName: 'nowhere' })
          .set(bearer(without));
        expectFetError(refused, 'FET-0042');
        expect(refused.headers['www-authenticate']).toBe(
          `Bearer error="insufficient_scope", scope="${route.permission}"`,
        );
        const only = await issuer.token('acme', { claims: { scope: route.permission } });
        const allowed = await route
          .request(t.http, { id: randomUUID(), configName: 'nowhere' })
          .set(bearer(only));
        expect({ status: allowed.status, body: allowed.body as unknown }).not.toMatchObject({
          status: 401,
        });
        expect(allowed.status).not.toBe(403);
      },
    );
  });

  describe('open routes', () => {
    it.each(['/health/live', '/health/ready', '/metrics', '/docs-json', '/docs'])(
      '%s needs no token',
      async (path) => {
        const res = await t.http.get(path).redirects(2);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      },
    );

    it('an unknown route is still 404 FET-0005 (not 401)', async () => {
      expectFetError(await t.http.get('/v1/management/nothing-here'), 'FET-0005');
    });
  });
});

describe('bearer authentication with one key source (SQLite store)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer?.close());

  it('with only the secret: RS256 and ES256 tokens are refused, the key set is never fetched', async () => {
    const t = await createTestApp({ env: issuer.env({ secret: true }) });
    try {
      expect(
        (await t.http.get(BASE).set(bearer(await issuer.token('acme', { alg: 'HS256' })))).status,
      ).toBe(200);
      for (const alg of ['RS256', 'ES256'] as const) {
        const token = await issuer.token('acme', { alg });
        expectRefused(await t.http.get(BASE).set(bearer(token)), token);
      }
      expect(issuer.fetches).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('with only the key set: HS256 tokens are refused, also one signed with the RSA public key', async () => {
    const t = await createTestApp({ env: issuer.env({ jwks: true }) });
    try {
      expect((await t.http.get(BASE).set(bearer(await issuer.token('acme')))).status).toBe(200);
      for (const secret of [issuer.secret, await issuer.rsaPublicPem()]) {
        const token = await issuer.token('acme', {
          alg: 'HS256',
          signWith: new TextEncoder().encode(secret),
        });
        expectRefused(await t.http.get(BASE).set(bearer(token)), token);
      }
    } finally {
      await t.close();
    }
  });
});

describe('authentication off (the default; SQLite store)', () => {
  it('a token is ignored: no 401, and everything lands in the `default` organization', async () => {
    const issuer = await TestIssuer.start();
    const t = await createTestApp();
    try {
      const token = await issuer.token('acme');
      const created = await t.http
        .post(BASE)
        .set(bearer(token))
        .set('X-Product-Name', 'reports')
        .send(connectionBody());
      expect(created.status).toBe(201);
      const rows = await openStoreRows(t);
      try {
        expect((await rows.row(String(created.body.id)))?.organization_id).toBe('default');
      } finally {
        await rows.close();
      }
      expect((await t.http.get(BASE).set('Authorization', 'Bearer not-a-jwt')).status).toBe(200);
      expect(issuer.fetches).toBe(0);
    } finally {
      await t.close();
      await issuer.close();
    }
  });
});

describe('the key set endpoint (SQLite store)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await createTestApp({ env: issuer.env({ jwks: true }) });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  it('hangs: 503 FET-0003 once the fetch times out (5 s), one fetch for concurrent requests, never a hang', async () => {
    issuer.mode = 'hang';
    const token = await issuer.token('acme');
    const started = Date.now();
    // The client gives up after 20 s: an answer at all is what is checked, not its speed.
    const answers = await Promise.all(
      [1, 2, 3].map(() => t.http.get(BASE).set(bearer(token)).timeout(20_000)),
    );
    for (const res of answers) expectFetError(res, 'FET-0003');
    expect(issuer.fetches).toBe(1);
    console.log(`key set hanging: 503 after ${Date.now() - started} ms`);
  });

  it('answers 500: 503 FET-0003; once it serves again, the same token is accepted', async () => {
    issuer.mode = 'fail';
    const token = await issuer.token('acme');
    expectFetError(await t.http.get(BASE).set(bearer(token)), 'FET-0003');
    issuer.mode = 'serve';
    expect((await t.http.get(BASE).set(bearer(token))).status).toBe(200);
  });
});

describe('a kid the cached key set lacks, 30 s after the last fetch (SQLite store)', () => {
  it('starts one new fetch: a key rotated at the issuer is picked up, and the next 30 s fetch nothing more', async () => {
    const rotated = await rotation.issuer.rotate('rsa-2');
    const waitMs = rotation.firstFetchAt + 30_500 - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const token = await rotation.issuer.token('acme', { key: rotated });
    expect((await rotation.t.http.get(BASE).set(bearer(token))).status).toBe(200);
    expect(rotation.issuer.fetches).toBe(2);
    const stranger = await TestIssuer.unpublishedKey('rsa-unknown');
    for (let i = 0; i < 3; i++) {
      const forged = await rotation.issuer.token('acme', { key: stranger });
      expectRefused(await rotation.t.http.get(BASE).set(bearer(forged)), forged);
    }
    // The old key is gone from the set: its tokens are refused, still without a fetch.
    const old = await rotation.issuer.token('acme');
    expectRefused(await rotation.t.http.get(BASE).set(bearer(old)), old);
    expect(rotation.issuer.fetches).toBe(2);
  });
});

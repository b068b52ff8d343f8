import { Response } from 'supertest';
import { expectFetError } from './support/fet-expect';
import { BASE, connectionBody, describeEachStore } from './support/store-rows';
import { StoreKind, TestApp, createTestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const ID = '01890000-0000-7000-8000-000000000abc';

/** A 405 is FET-0006 "Method Not Allowed" (whose catalogue status is 405), with `Allow`. */
function expectMethodNotAllowed(res: Response, allow: string): void {
  expectFetError(res, 'FET-0006', []);
  expect(res.body.title).toBe('Method Not Allowed');
  expect(res.headers.allow).toBe(allow);
}

describeEachStore('errors around the API', (store: StoreKind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store });
  });
  afterAll(() => t.close());

  describe('unknown routes → 404 FET-0005 with the error body', () => {
    it.each([
      ['GET', '/nope'],
      ['GET', '/v1/management/nothing-here'],
      ['POST', '/v2/management/connections'],
      ['GET', `${BASE}/${ID}/unknown-action`],
      ['DELETE', '/'],
    ])('%s %s', async (method, path) => {
      const res = await t.http[method.toLowerCase() as 'get' | 'post' | 'delete'](path);
      expectFetError(res, 'FET-0005');
    });
  });

  describe('known path, wrong method → 405 with Allow and the error body', () => {
    it('PUT on the collection', async () => {
      expectMethodNotAllowed(await t.http.put(BASE).send({}), 'GET, POST');
    });
    it('PUT and POST on a connection', async () => {
      expectMethodNotAllowed(await t.http.put(`${BASE}/${ID}`).send({}), 'DELETE, GET, PATCH');
      expectMethodNotAllowed(await t.http.post(`${BASE}/${ID}`).send({}), 'DELETE, GET, PATCH');
    });
    it('GET on assign', async () => {
      expectMethodNotAllowed(await t.http.get(`${BASE}/${ID}/assign`), 'POST');
    });
  });

  describe('bodies the parser cannot read → 400 FET-0001, never a 500', () => {
    it.each(['gzip', 'deflate', 'br'])('Content-Encoding: %s over a body that is not compressed', async (encoding) => {
      for (const path of [BASE, `${BASE}/validate-schema`, '/nope']) {
        const res = await t.http.post(path).set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{');
        expectFetError(res, 'FET-0001');
      }
    });
  });

  describe('X-Request-Id', () => {
    it('honours a safe incoming id on success and on error', async () => {
      const ok = await t.http.get(BASE).set('X-Request-Id', 'client-req.42:a_b').expect(200);
      expect(ok.headers['x-request-id']).toBe('client-req.42:a_b');
      const failed = await t.http.get('/nope').set('X-Request-Id', 'trace-404');
      expect(failed.status).toBe(404);
      expect(failed.headers['x-request-id']).toBe('trace-404');
    });
    it('generates one when absent, different per request', async () => {
      const a = await t.http.get(BASE).expect(200);
      const b = await t.http.post(BASE).send({});
      expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });
    it('replaces an unsafe or over-long id', async () => {
      const spaced = await t.http.get(BASE).set('X-Request-Id', 'has space<script>').expect(200);
      expect(spaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const long = await t.http.get(BASE).set('X-Request-Id', 'a'.repeat(129)).expect(200);
      expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const max = await t.http.get(BASE).set('X-Request-Id', 'b'.repeat(128)).expect(200);
      expect(max.headers['x-request-id']).toBe('b'.repeat(128));
    });
  });

  describe('every error body is exactly { code, title, message, fields? }', () => {
    it('on each kind of failure', async () => {
      expectFetError(await t.http.post(BASE).set('X-Product-Name', 'p').send({ nope: 1 }), 'FET-0400', ['nope']);
      expectFetError(await t.http.post(BASE).set('X-Product-Name', 'p').send({}), 'FET-0402');
      expectFetError(await t.http.post(BASE).send(connectionBody()), 'FET-0403', ['X-Product-Name']);
      expectFetError(await t.http.get(`${BASE}/x`), 'FET-0404', ['id']);
      expectFetError(await t.http.get(`${BASE}?limit=101`), 'FET-0406', ['limit']);
      expectFetError(await t.http.get(`${BASE}/${ID}`), 'FET-1001');
      expectFetError(
        await t.http.post(BASE).set('X-Product-Name', 'p').set('Content-Type', 'application/json').send('{bad'),
        'FET-0001',
      );
      const big = await t.http.post(BASE).set('X-Product-Name', 'p').send(connectionBody({ password: 'x'.repeat(2 * 1024 * 1024) }));
      expectFetError(big, 'FET-0415');
      expectNoSecrets(big.body, ['xxxxxxxx']);
    });
    it('a conflict carries the seed message', async () => {
      const body = connectionBody();
      const first = await t.http.post(BASE).set('X-Product-Name', 'p').send(body).expect(201);
      expectNoSecrets(first.body, [String(body.password)]);
      const res = await t.http.post(BASE).set('X-Product-Name', 'p').send(body);
      expectFetError(res, 'FET-1002');
      expect(res.body.message).toBe(
        'An entity of type connection with the same unique attributes already exists. Please use different values to avoid conflicts and review the data provided in the request.',
      );
      expectNoSecrets(res.body, [String(body.password)]);
    });
  });
});

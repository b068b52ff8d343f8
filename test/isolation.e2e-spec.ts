import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Response } from 'supertest';
import { API_ROUTES } from './support/api-routes';
import { expectFetError } from './support/fet-expect';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import { BASE, StoreRows, connectionBody, openStoreRows } from './support/store-rows';
import { StoreKind, TestApp, createTestApp } from './support/test-app';
import { TestIssuer } from './support/token-issuer';

// Two organizations on one service with authentication on (RS256 tokens through the key set);
// each connection points at a real PostgreSQL database of its own, so test, discovery and
// validate-schema really run. On both stores: the scoping is the store's queries.
jest.setTimeout(120_000);

const A = 'org-a';
const B = 'org-b';
const TEST_LIMIT = 3;

/** A database holding one table, for one organization's `prod`. */
async function createTargetDatabase(
  table: string,
): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `cs_iso_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(String(TEST_DATABASE_URL));
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY, amount numeric)`);
  } finally {
    await client.end();
  }
  return {
    name,
    drop: async () => {
      const dropper = new Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** "Not found", exactly as for an id nobody has: same status, same body, no ETag. */
function expectSameAsUnknown(attempt: Response, unknown: Response, operation: string): void {
  expectFetError(attempt, 'FET-1001');
  expect({
    operation,
    status: attempt.status,
    body: attempt.body as unknown,
    etag: attempt.headers.etag,
  }).toEqual({
    operation,
    status: unknown.status,
    body: unknown.body as unknown,
    etag: undefined,
  });
}

function isolationSuite(store: StoreKind): void {
  let issuer: TestIssuer;
  let t: TestApp;
  let rows: StoreRows;
  const targets: Array<{ drop(): Promise<void> }> = [];
  const token: Record<string, string> = {};
  const ids = { aProd: '', bProd: '', bOnly: '', bUnassigned: '' };

  const as = (organization: string) => ({ Authorization: `Bearer ${token[organization]}` });
  const pgBody = (database: string, configName: string) => {
    const server = new URL(String(TEST_DATABASE_URL));
    return connectionBody({
      configName,
      host: '127.0.0.1',
      port: Number(server.port || 5432),
      databaseName: database,
      userName: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password) || 'unused-by-trust',
    });
  };
  const create = async (organization: string, body: Record<string, unknown>) => {
    const res = await t.http
      .post(BASE)
      .set(as(organization))
      .set('X-Product-Name', `product-of-${organization}`)
      .send(body);
    expect({ organization, status: res.status, body: res.body as unknown }).toMatchObject({
      status: 201,
    });
    return String(res.body.id);
  };
  const validate = (organization: string, mappedFields: unknown) =>
    t.http.post(`${BASE}/validate-schema`).set(as(organization)).send({ mappedFields });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await createTestApp({
      store,
      env: { ...issuer.env({ jwks: true }), CONNECTION_TEST_RATE_LIMIT: String(TEST_LIMIT) },
    });
    rows = await openStoreRows(t);
    token[A] = await issuer.token(A);
    token[B] = await issuer.token(B);
    const aDatabase = await createTargetDatabase('a_orders');
    const bDatabase = await createTargetDatabase('b_invoices');
    targets.push(aDatabase, bDatabase);
    ids.bProd = await create(B, pgBody(bDatabase.name, 'prod'));
    ids.bOnly = await create(B, pgBody(bDatabase.name, 'b-only'));
    ids.aProd = await create(A, pgBody(aDatabase.name, 'prod'));
    ids.bUnassigned = await rows.insert({
      organizationId: B,
      productName: null,
      configName: 'b-unassigned',
    });
    // B's schema is discovered and cached before A asks anything about `prod`.
    const discovered = await t.http.get(`${BASE}/${ids.bProd}/schema`).set(as(B));
    expect(discovered.status).toBe(200);
    expect(
      (discovered.body as { tables: Array<{ name: string }> }).tables.map((table) => table.name),
    ).toEqual(['b_invoices']);
  });
  afterAll(async () => {
    await rows?.close();
    await t?.close();
    await issuer?.close();
    for (const target of targets) await target.drop();
  });

  it('configName is unique per organization: A and B both own `prod`, each only once (case-insensitive)', async () => {
    for (const organization of [A, B]) {
      const again = await t.http
        .post(BASE)
        .set(as(organization))
        .set('X-Product-Name', 'reports')
        .send(connectionBody({ configName: 'PROD' }));
      expectFetError(again, 'FET-1002');
    }
    const aRow = await rows.row(ids.aProd);
    const bRow = await rows.row(ids.bProd);
    expect([aRow?.organization_id, aRow?.config_name_key]).toEqual([A, 'prod']);
    expect([bRow?.organization_id, bRow?.config_name_key]).toEqual([B, 'prod']);
  });

  it('list: A sees only its own connections, whatever the filter', async () => {
    for (const query of [
      '',
      '?configName=prod',
      '?configName=b-only',
      '?limit=100&sortBy=configName&sortOrder=asc',
    ]) {
      const res = await t.http.get(`${BASE}${query}`).set(as(A));
      expect(res.status).toBe(200);
      const items = res.body.items as Array<{ id: string }>;
      expect({ query, ids: items.map((item) => item.id), total: res.body.total as number }).toEqual(
        {
          query,
          ids: query.includes('b-only') ? [] : [ids.aProd],
          total: query.includes('b-only') ? 0 : 1,
        },
      );
    }
    const b = await t.http.get(BASE).set(as(B));
    expect((b.body.items as Array<{ id: string }>).map((item) => item.id).sort()).toEqual(
      [ids.bOnly, ids.bProd, ids.bUnassigned].sort(),
    );
  });

  it('unassigned: A never sees B’s connection without a product', async () => {
    const a = await t.http.get(`${BASE}/unassigned`).set(as(A));
    expect([a.status, a.body.total, a.body.items]).toEqual([200, 0, []]);
    const b = await t.http.get(`${BASE}/unassigned`).set(as(B));
    expect((b.body.items as Array<{ id: string }>).map((item) => item.id)).toEqual([
      ids.bUnassigned,
    ]);
  });

  const byIdRoutes = API_ROUTES.filter((route) => route.operation.includes('{id}'));

  it.each(byIdRoutes.map((route) => [route.operation, route] as const))(
    '%s on B’s connections, as A: exactly the answer for an unknown id, and B’s connection is untouched',
    async (operation, route) => {
      const before = await Promise.all([ids.bProd, ids.bUnassigned].map((id) => rows.row(id)));
      const unknown = await route
        .request(t.http, { id: randomUUID(), configName: 'prod' })
        .set(as(A));
      expectFetError(unknown, 'FET-1001');
      for (const id of [ids.bProd, ids.bUnassigned]) {
        expectSameAsUnknown(
          await route.request(t.http, { id, configName: 'prod' }).set(as(A)),
          unknown,
          operation,
        );
        // Also when A names B's product, or sends B's version in If-Match.
        const etag = String((await t.http.get(`${BASE}/${id}`).set(as(B))).headers.etag);
        const disguised = route
          .request(t.http, { id, configName: 'prod' })
          .set(as(A))
          .set('If-Match', etag);
        if (!operation.endsWith('/assign')) disguised.set('X-Product-Name', `product-of-${B}`);
        expectSameAsUnknown(await disguised, unknown, operation);
      }
      expect(await Promise.all([ids.bProd, ids.bUnassigned].map((id) => rows.row(id)))).toEqual(
        before,
      );
    },
  );

  it('A’s attempts on B’s connection used none of B’s test and discovery quota', async () => {
    for (let i = 0; i < TEST_LIMIT + 2; i++) {
      expectFetError(await t.http.post(`${BASE}/${ids.bProd}/test`).set(as(A)), 'FET-1001');
      expectFetError(await t.http.get(`${BASE}/${ids.bProd}/schema`).set(as(A)), 'FET-1001');
    }
    const tested = await t.http.post(`${BASE}/${ids.bProd}/test`).set(as(B));
    expect([tested.status, tested.body.status]).toEqual([200, 'success']);
    expect((await t.http.get(`${BASE}/${ids.bProd}/schema`).set(as(B))).status).toBe(200);
  });

  describe('validate-schema', () => {
    it('a configName only B owns is, for A, exactly an unknown name: 400 FET-1062', async () => {
      const unknown = await validate(A, { nowhere: { b_invoices: ['id'] } });
      expectFetError(unknown, 'FET-1062');
      const attempt = await validate(A, { 'b-only': { b_invoices: ['id'] } });
      expect({ status: attempt.status, body: attempt.body as unknown }).toEqual({
        status: unknown.status,
        body: unknown.body as unknown,
      });
    });

    it('next to one of A’s own: DATA_SOURCE_NOT_FOUND, as for an unknown name', async () => {
      const problemsFor = async (name: string) => {
        const res = await validate(A, {
          prod: { a_orders: ['id'] },
          [name]: { b_invoices: ['id'] },
        });
        expect(res.status).toBe(422);
        return res.body.errors as unknown[];
      };
      expect(await problemsFor('b-only')).toEqual([
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: 'b-only' },
      ]);
      expect(await problemsFor('zz-nowhere')).toEqual([
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: 'zz-nowhere' },
      ]);
    });

    it('`prod`, which both own, is A’s own for A and B’s own for B (B’s cached schema never answers A)', async () => {
      expect((await validate(A, { prod: { a_orders: ['id', 'amount'] } })).status).toBe(200);
      const aAsksForB = await validate(A, { prod: { b_invoices: ['id'] } });
      expect(aAsksForB.status).toBe(422);
      expect(aAsksForB.body.errors).toEqual([
        expect.objectContaining({
          type: 'TABLE_NOT_FOUND',
          dataSourceId: 'prod',
          table: 'b_invoices',
        }),
      ]);
      expect((await validate(B, { prod: { b_invoices: ['id', 'amount'] } })).status).toBe(200);
      const bAsksForA = await validate(B, { prod: { a_orders: ['id'] } });
      expect(bAsksForA.body.errors).toEqual([
        expect.objectContaining({
          type: 'TABLE_NOT_FOUND',
          dataSourceId: 'prod',
          table: 'a_orders',
        }),
      ]);
    });
  });

  it('A may take a name B uses: renaming A’s connection to `b-only` is fine', async () => {
    const res = await t.http
      .patch(`${BASE}/${ids.aProd}`)
      .set(as(A))
      .send({ configName: 'b-only' });
    expect([res.status, res.body.configName]).toEqual([200, 'b-only']);
    expect((await rows.row(ids.bOnly))?.config_name).toBe('b-only');
  });
}

describeWithPostgres('isolation between organizations, route by route', () => {
  describe('SQLite store', () => isolationSuite('sqlite'));
  describe('PostgreSQL store', () => isolationSuite('postgres'));
});

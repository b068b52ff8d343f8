import { expectFetError } from './support/fet-expect';
import { BASE, BODY_PASSWORD, StoreRows, connectionBody, describeEachStore, withStoreApp } from './support/store-rows';
import { StoreKind, TestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PASSWORD = BODY_PASSWORD;

interface Connection {
  id: string;
  configName: string;
  productName?: string;
  [field: string]: unknown;
}

describeEachStore('delete, ownership and assign', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const create = async (overrides: Record<string, unknown> = {}, product = 'reports'): Promise<Connection> => {
    const res = await t.http.post(BASE).set('X-Product-Name', product).send(connectionBody(overrides)).expect(201);
    expectNoSecrets(res.body, [PASSWORD]);
    return res.body as Connection;
  };

  describe('DELETE /v1/management/connections/{id}', () => {
    it('answers 204 with no body; the connection is gone and a second delete is 404', async () => {
      const created = await create();
      const res = await t.http.delete(`${BASE}/${created.id}`).expect(204);
      expect(res.text ?? '').toBe('');
      expect(res.headers['content-length'] ?? '0').toBe('0');
      expectFetError(await t.http.get(`${BASE}/${created.id}`), 'FET-1001');
      expectFetError(await t.http.delete(`${BASE}/${created.id}`), 'FET-1001');
    });

    it('is a soft delete: the row stays, marked deleted', async () => {
      const created = await create();
      await t.http.delete(`${BASE}/${created.id}`).expect(204);
      const row = await rows.row(created.id);
      expect(row).toBeDefined();
      expect(row?.deleted_at).not.toBeNull();
    });

    it('frees the configName at once (any case)', async () => {
      const created = await create({ configName: 'Reusable-Name' });
      expectFetError(await t.http.post(BASE).set('X-Product-Name', 'reports').send(connectionBody({ configName: 'reusable-name' })), 'FET-1002');
      await t.http.delete(`${BASE}/${created.id}`).expect(204);
      const again = await create({ configName: 'reusable-name' });
      expect(again.id).not.toBe(created.id);
      const read = await t.http.get(`${BASE}/${again.id}`).expect(200);
      expectNoSecrets(read.body, [PASSWORD]);
      expect(read.body.configName).toBe('reusable-name');
    });
  });

  describe('product ownership on every by-id route', () => {
    it('another product gets 404 FET-1001 and changes nothing', async () => {
      const created = await create({}, 'owner');
      const url = `${BASE}/${created.id}`;
      expectFetError(await t.http.get(url).set('X-Product-Name', 'intruder'), 'FET-1001');
      expectFetError(await t.http.patch(url).set('X-Product-Name', 'intruder').send({ port: 1 }), 'FET-1001');
      expectFetError(await t.http.delete(url).set('X-Product-Name', 'intruder'), 'FET-1001');
      const read = await t.http.get(url).set('X-Product-Name', ' OWNER ').expect(200);
      expectNoSecrets(read.body, [PASSWORD]);
      expect(read.body).toEqual(created);
    });

    it('the owning product (any case) may read, change and delete it; no header means any product', async () => {
      const created = await create({}, 'owner');
      const url = `${BASE}/${created.id}`;
      const read = await t.http.get(url).expect(200);
      expectNoSecrets(read.body, [PASSWORD]);
      const patched = await t.http.patch(url).set('X-Product-Name', 'Owner').send({ databaseName: 'changed' }).expect(200);
      expectNoSecrets(patched.body, [PASSWORD]);
      await t.http.delete(url).set('X-Product-Name', 'OWNER').expect(204);
    });

    it('a malformed header on a by-id route → 400 FET-0403', async () => {
      const created = await create();
      expectFetError(await t.http.get(`${BASE}/${created.id}`).set('X-Product-Name', 'bad name'), 'FET-0403', ['X-Product-Name']);
    });
  });

  describe('organizations', () => {
    it("another organization's connection is invisible on every route, and its name does not conflict", async () => {
      const id = await rows.insert({ configName: 'shared-name', organizationId: 'other', productName: 'reports' });
      const url = `${BASE}/${id}`;
      expectFetError(await t.http.get(url), 'FET-1001');
      expectFetError(await t.http.patch(url).send({ port: 1 }), 'FET-1001');
      expectFetError(await t.http.delete(url), 'FET-1001');
      expectFetError(await t.http.post(`${url}/assign`).set('X-Product-Name', 'reports'), 'FET-1001');
      const listed = await t.http.get(`${BASE}?limit=100&configName=shared-name`).expect(200);
      expect(listed.body.total).toBe(0);
      const mine = await create({ configName: 'shared-name' });
      expect(mine.id).not.toBe(id);
      expect((await rows.row(id))?.deleted_at ?? null).toBeNull();
    });

    it("another organization's unassigned connection is not listed as unassigned", async () => {
      await rows.insert({ configName: 'other-unassigned', organizationId: 'other', productName: null });
      const res = await t.http.get(`${BASE}/unassigned?limit=100`).expect(200);
      expectNoSecrets(res.body, ['imported-pa55']);
      expect((res.body.items as Connection[]).map((c) => c.configName)).not.toContain('other-unassigned');
    });
  });

  describe('path id → FET-0404', () => {
    it.each([
      ['not a uuid', 'abc'],
      ['32 hex digits without hyphens', '0189000000007000800000000000000f'],
      ['a uuid in braces', '{01890000-0000-7000-8000-00000000000f}'],
      ['a uuid with an extra char', '01890000-0000-7000-8000-00000000000fa'],
    ])('%s, on every by-id route', async (_name, id) => {
      const url = `${BASE}/${encodeURIComponent(id)}`;
      expectFetError(await t.http.get(url), 'FET-0404', ['id']);
      expectFetError(await t.http.patch(url).send({ port: 1 }), 'FET-0404', ['id']);
      expectFetError(await t.http.delete(url), 'FET-0404', ['id']);
      expectFetError(await t.http.post(`${url}/assign`).set('X-Product-Name', 'reports'), 'FET-0404', ['id']);
    });

    it('an unknown but well-formed id → 404 FET-1001', async () => {
      expectFetError(await t.http.get(`${BASE}/01890000-0000-7000-8000-0000000000ee`), 'FET-1001');
    });
  });

  describe('POST /v1/management/connections/{id}/assign', () => {
    it('gives an unassigned connection its product once; again → 409 FET-1015', async () => {
      const id = await rows.insert({ configName: 'imported-db', productName: null });
      const listed = await t.http.get(`${BASE}/unassigned?limit=100`).expect(200);
      expect((listed.body.items as Connection[]).map((c) => c.id)).toContain(id);

      const res = await t.http.post(`${BASE}/${id}/assign`).set('X-Product-Name', ' Billing ').expect(200);
      expectNoSecrets(res.body, ['imported-pa55']);
      expect(res.body).toMatchObject({ id, configName: 'imported-db', productName: 'billing' });
      expect(res.headers.etag).toEqual(expect.any(String));

      expectFetError(await t.http.post(`${BASE}/${id}/assign`).set('X-Product-Name', 'billing'), 'FET-1015');
      expectFetError(await t.http.post(`${BASE}/${id}/assign`).set('X-Product-Name', 'other'), 'FET-1015');
      const after = await t.http.get(`${BASE}/unassigned?limit=100`).expect(200);
      expect((after.body.items as Connection[]).map((c) => c.id)).not.toContain(id);
      const read = await t.http.get(`${BASE}/${id}`).set('X-Product-Name', 'billing').expect(200);
      expectNoSecrets(read.body, ['imported-pa55']);
      expect(read.body.productName).toBe('billing');
    });

    it('a connection created with a product is already assigned → 409 FET-1015', async () => {
      const created = await create();
      expectFetError(await t.http.post(`${BASE}/${created.id}/assign`).set('X-Product-Name', 'reports'), 'FET-1015');
    });

    it('needs X-Product-Name → 400 FET-0403', async () => {
      const id = await rows.insert({ configName: 'imported-no-header', productName: null });
      expectFetError(await t.http.post(`${BASE}/${id}/assign`), 'FET-0403', ['X-Product-Name']);
      expectFetError(await t.http.post(`${BASE}/${id}/assign`).set('X-Product-Name', '  '), 'FET-0403', ['X-Product-Name']);
    });

    it('a deleted or unknown connection → 404 FET-1001', async () => {
      const created = await create();
      await t.http.delete(`${BASE}/${created.id}`).expect(204);
      expectFetError(await t.http.post(`${BASE}/${created.id}/assign`).set('X-Product-Name', 'reports'), 'FET-1001');
    });
  });
});

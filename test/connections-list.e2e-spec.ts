import { expectFetError } from './support/fet-expect';
import { BASE, BODY_PASSWORD, StoreRows, connectionBody, describeEachStore, withStoreApp } from './support/store-rows';
import { StoreKind, TestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PASSWORD = BODY_PASSWORD;

interface Item {
  id: string;
  configName: string;
  productName?: string;
  createdAt: string;
  updatedAt: string;
}
interface PageBody {
  items: Item[];
  page: number;
  limit: number;
  total: number;
}

describeEachStore('GET /v1/management/connections', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const create = async (product: string, overrides: Record<string, unknown> = {}): Promise<Item> => {
    const res = await t.http.post(BASE).set('X-Product-Name', product).send(connectionBody(overrides)).expect(201);
    return res.body as Item;
  };
  const list = async (query: string, product?: string): Promise<PageBody> => {
    const req = t.http.get(`${BASE}${query}`);
    if (product) req.set('X-Product-Name', product);
    const res = await req.expect(200);
    expectNoSecrets(res.body, [PASSWORD]);
    return res.body as PageBody;
  };
  const names = (page: PageBody) => page.items.map((item) => item.configName);

  describe('paging', () => {
    const created: Item[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 25; i++) created.push(await create('paging', { configName: `page-${String(i).padStart(2, '0')}` }));
    });

    it('defaults to page 1, limit 10, newest first, with the total', async () => {
      const page = await list('', 'paging');
      expect(page).toMatchObject({ page: 1, limit: 10, total: 25 });
      expect(page.items).toHaveLength(10);
      expect(page.items[0].configName).toBe('page-24');
      expect(page.items[0]).not.toHaveProperty('password');
    });

    it('walks every page exactly once, the last one partial and the one after empty', async () => {
      const seen: string[] = [];
      for (const n of [1, 2, 3]) seen.push(...(await list(`?page=${n}&limit=10`, 'paging')).items.map((i) => i.id));
      expect(new Set(seen).size).toBe(25);
      expect(seen.sort()).toEqual(created.map((c) => c.id).sort());
      const last = await list('?page=3&limit=10', 'paging');
      expect(last.items).toHaveLength(5);
      const beyond = await list('?page=4&limit=10', 'paging');
      expect(beyond).toMatchObject({ items: [], page: 4, total: 25 });
    });

    it('accepts limit 1 and limit 100', async () => {
      expect((await list('?limit=1', 'paging')).items).toHaveLength(1);
      expect((await list('?limit=100', 'paging')).items).toHaveLength(25);
    });
  });

  describe('sorting', () => {
    beforeAll(async () => {
      for (const name of ['bravo', 'Alpha', 'charlie']) await create('sorting', { configName: name });
    });

    it('by configName, case-insensitively, both ways', async () => {
      expect(names(await list('?sortBy=configName&sortOrder=asc', 'sorting'))).toEqual(['Alpha', 'bravo', 'charlie']);
      expect(names(await list('?sortBy=configName&sortOrder=desc', 'sorting'))).toEqual(['charlie', 'bravo', 'Alpha']);
    });

    it('by createdAt, newest first by default and oldest first with asc', async () => {
      expect(names(await list('', 'sorting'))).toEqual(['charlie', 'Alpha', 'bravo']);
      expect(names(await list('?sortBy=createdAt&sortOrder=asc', 'sorting'))).toEqual(['bravo', 'Alpha', 'charlie']);
    });

    it('by updatedAt: an edited connection comes first', async () => {
      const bravo = (await list('?sortBy=configName&sortOrder=asc', 'sorting')).items[1];
      const patched = await t.http.patch(`${BASE}/${bravo.id}`).send({ databaseName: 'changed' }).expect(200);
      expectNoSecrets(patched.body, [PASSWORD]);
      expect(names(await list('?sortBy=updatedAt', 'sorting'))[0]).toBe('bravo');
      expect(names(await list('?sortBy=updatedAt&sortOrder=asc', 'sorting'))[2]).toBe('bravo');
    });

    it('breaks ties by id, in the sort direction, so paging over ties is stable', async () => {
      const at = new Date('2023-05-05T12:00:00.000Z');
      const ids = [
        '01890000-0000-7000-8000-000000000003',
        '01890000-0000-7000-8000-000000000001',
        '01890000-0000-7000-8000-000000000004',
        '01890000-0000-7000-8000-000000000002',
      ];
      for (const [i, id] of ids.entries()) await rows.insert({ id, configName: `tie-${i}`, productName: 'ties', createdAt: at });
      const sorted = [...ids].sort();
      expect((await list('?sortOrder=asc', 'ties')).items.map((i) => i.id)).toEqual(sorted);
      expect((await list('?sortOrder=desc', 'ties')).items.map((i) => i.id)).toEqual([...sorted].reverse());
      const paged: string[] = [];
      for (const n of [1, 2, 3, 4]) paged.push(...(await list(`?sortOrder=asc&limit=1&page=${n}`, 'ties')).items.map((i) => i.id));
      expect(paged).toEqual(sorted);
    });
  });

  describe('filters', () => {
    let pg: Item;
    let mongo: Item;
    beforeAll(async () => {
      pg = await create('filters', { configName: 'Orders_100', type: 'POSTGRESQL', host: 'Pg.Example.com', databaseName: 'orders', metadata: { team: 'data', env: 'prod' } });
      mongo = await create('filters', { configName: 'events-store', type: 'MONGODB', host: 'mongo.example.com', port: 27017, databaseName: 'events', metadata: { team: 'data', env: 'dev' } });
      await create('filters', { configName: 'ordersX100', type: 'MYSQL', host: 'my.example.com', databaseName: 'Orders', metadata: { team: 'Data' } });
    });

    it('type (exact engine)', async () => {
      expect(names(await list('?type=MONGODB', 'filters'))).toEqual([mongo.configName]);
    });
    it('host', async () => {
      expect(names(await list('?host=pg.example.com', 'filters'))).toEqual([pg.configName]);
    });
    it('databaseName', async () => {
      expect(names(await list('?databaseName=events', 'filters'))).toEqual(['events-store']);
    });
    it('configName as a case-insensitive substring, with % and _ taken literally', async () => {
      expect(names(await list('?configName=ORDERS&sortBy=configName&sortOrder=asc', 'filters'))).toEqual(['Orders_100', 'ordersX100']);
      expect(names(await list('?configName=s_1', 'filters'))).toEqual(['Orders_100']);
      expect(names(await list('?configName=%25', 'filters'))).toEqual([]);
    });
    it('metadata.<key>=<value>, exact, several combined with AND', async () => {
      expect(names(await list('?metadata.team=data&sortBy=configName&sortOrder=asc', 'filters'))).toEqual(['events-store', 'Orders_100']);
      expect(names(await list('?metadata.team=data&metadata.env=prod', 'filters'))).toEqual(['Orders_100']);
      expect(names(await list('?metadata.env=pro', 'filters'))).toEqual([]);
      expect(names(await list('?metadata.missing=x', 'filters'))).toEqual([]);
      // The deepObject form the OpenAPI document declares (what generated clients and the Swagger UI send).
      expect(names(await list('?metadata%5Bteam%5D=data&metadata[env]=prod', 'filters'))).toEqual(['Orders_100']);
    });
    it('combines filters and reports the filtered total', async () => {
      const page = await list('?type=POSTGRESQL&metadata.team=data&configName=orders', 'filters');
      expect(page.total).toBe(1);
      expect(page.items[0].id).toBe(pg.id);
    });
  });

  describe('dates (UTC days, inclusive, on createdAt)', () => {
    beforeAll(async () => {
      const at: Array<[string, string]> = [
        ['before', '2024-03-09T23:59:59.999Z'],
        ['first-ms', '2024-03-10T00:00:00.000Z'],
        ['last-ms', '2024-03-10T23:59:59.999Z'],
        ['next-day', '2024-03-11T00:00:00.000Z'],
      ];
      for (const [name, iso] of at) await rows.insert({ configName: `day-${name}`, productName: 'dates', createdAt: new Date(iso) });
    });
    const sortedNames = async (query: string) => names(await list(`${query}&sortBy=createdAt&sortOrder=asc`, 'dates'));

    it('one day includes its first and last millisecond and nothing else', async () => {
      expect(await sortedNames('?startDate=2024-03-10&endDate=2024-03-10')).toEqual(['day-first-ms', 'day-last-ms']);
    });
    it('startDate alone and endDate alone', async () => {
      expect(await sortedNames('?startDate=2024-03-11')).toEqual(['day-next-day']);
      expect(await sortedNames('?endDate=2024-03-09')).toEqual(['day-before']);
    });
    it('no implicit window: old rows are listed without dates', async () => {
      expect((await list('', 'dates')).total).toBe(4);
    });
  });

  describe('product header', () => {
    it('limits the list to that product (trimmed, case-insensitive) and lists every product without it', async () => {
      const a = await create('Alpha-Team');
      const b = await create('beta-team');
      const alpha = await list('?limit=100', '  ALPHA-team ');
      expect(alpha.items.map((i) => i.id)).toEqual([a.id]);
      const all = await list('?limit=100');
      expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    });
    it('a malformed header → 400 FET-0403', async () => {
      expectFetError(await t.http.get(BASE).set('X-Product-Name', 'a b'), 'FET-0403', ['X-Product-Name']);
    });
    it('deleted connections are not listed', async () => {
      const gone = await create('deleting');
      await t.http.delete(`${BASE}/${gone.id}`).expect(204);
      expect(await list('', 'deleting')).toMatchObject({ items: [], total: 0 });
    });
  });

  describe('errors', () => {
    it.each([
      ['an unknown parameter', '?foo=1', 'FET-0405', ['foo']],
      ['several unknown parameters', '?foo=1&bar=2&page=1', 'FET-0405', ['bar', 'foo']],
      ['a repeated parameter', '?page=1&page=2', 'FET-0405', ['page']],
      ['an empty metadata key', '?metadata.=x', 'FET-0405', ['metadata.']],
      ['page 0', '?page=0', 'FET-0405', ['page']],
      ['page not a number', '?page=two', 'FET-0405', ['page']],
      ['limit not a number', '?limit=ten', 'FET-0405', ['limit']],
      ['sortBy an unknown field', '?sortBy=host', 'FET-0405', ['sortBy']],
      ['type an unknown engine', '?type=DB2', 'FET-0405', ['type']],
      ['limit 101', '?limit=101', 'FET-0406', ['limit']],
      ['limit 1000', '?limit=1000', 'FET-0406', ['limit']],
      ['sortOrder sideways', '?sortOrder=sideways', 'FET-0407', ['sortOrder']],
      ['startDate not a day', '?startDate=2024-3-1', 'FET-0408', ['startDate']],
      ['startDate with a time', '?startDate=2024-03-01T00:00:00Z', 'FET-0408', ['startDate']],
      ['endDate 30 February', '?endDate=2024-02-30', 'FET-0408', ['endDate']],
      ['endDate month 13', '?endDate=2024-13-01', 'FET-0408', ['endDate']],
      ['endDate before startDate', '?startDate=2024-03-10&endDate=2024-03-09', 'FET-0409', ['endDate']],
    ])('%s → %s', async (_name, query, code, fields) => {
      expectFetError(await t.http.get(`${BASE}${query}`), code, fields);
    });
  });

  describe('GET /v1/management/connections/unassigned', () => {
    const ids: string[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 3; i++) ids.push(await rows.insert({ configName: `imported-${i}`, productName: null }));
    });

    it('lists only the connections without a product, without productName', async () => {
      const res = await t.http.get(`${BASE}/unassigned?limit=100&sortOrder=asc`).expect(200);
      expectNoSecrets(res.body, ['imported-pa55']);
      const page = res.body as PageBody;
      expect(page.total).toBe(3);
      expect(page.items.map((i) => i.id)).toEqual(ids);
      for (const item of page.items) expect(item).not.toHaveProperty('productName');
    });

    it('pages like the list endpoint', async () => {
      const first = await t.http.get(`${BASE}/unassigned?limit=2&sortBy=configName&sortOrder=desc`).expect(200);
      expectNoSecrets(first.body, ['imported-pa55']);
      expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3 });
      expect(names(first.body as PageBody)).toEqual(['imported-2', 'imported-1']);
      const second = await t.http.get(`${BASE}/unassigned?limit=2&page=2&sortBy=configName&sortOrder=desc`).expect(200);
      expect(names(second.body as PageBody)).toEqual(['imported-0']);
    });

    it('refuses filters and unknown parameters with FET-0405, and a big limit with FET-0406', async () => {
      expectFetError(await t.http.get(`${BASE}/unassigned?type=MYSQL`), 'FET-0405', ['type']);
      expectFetError(await t.http.get(`${BASE}/unassigned?x=1`), 'FET-0405', ['x']);
      expectFetError(await t.http.get(`${BASE}/unassigned?limit=101`), 'FET-0406', ['limit']);
    });
  });
});

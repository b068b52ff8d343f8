import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import {
  BASE,
  BODY_PASSWORD,
  StoreRows,
  StoredRow,
  connectionBody,
  describeEachStore,
  localPostgresBody,
  openStoreRows,
} from './support/store-rows';
import { StoreKind, TestApp, createTestApp } from './support/test-app';
import { TestIssuer } from './support/token-issuer';

// Real stores (and, for the runs that succeed, this machine's PostgreSQL as the customer's database).
jest.setTimeout(120_000);

const PEM_CERT =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FfY2VydA==\n-----END CERTIFICATE-----\n';
const PEM_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const NEW_PASSWORD = 'An0ther-pa55word?';
const TEST_LIMIT = 3;
/** The X-Request-Id whose event the injected trigger refuses (the transaction tests). */
const FAILING_EVENT = 'history-event-refused-by-a-trigger';
/** The X-Request-Id whose `copied` event (a clone's second event, on its source) the injected trigger refuses. */
const FAILING_COPY = 'history-copied-refused-by-a-trigger';
/** The host whose connection UPDATE the injected trigger refuses. */
const FAILING_HOST = 'update-refused-by-a-trigger.invalid';

interface HistoryEvent {
  id: string;
  at: string;
  action: string;
  actor: string;
  requestId?: string;
  changes?: Record<string, unknown>;
  sourceId?: string;
  targetId?: string;
  outcome?: { status: string; reason?: string };
}

interface HistoryPage {
  items: HistoryEvent[];
  page: number;
  limit: number;
  total: number;
}

/** Nothing secret in a history body: no password, no PEM, no sealed value; secrets only as `{ changed: true }`. */
function expectMasked(body: unknown, secrets: string[]): void {
  const text = JSON.stringify(body);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)|v1:[A-Za-z0-9_-]+:/);
  for (const event of (body as HistoryPage).items) {
    for (const field of ['password', 'ssl.key', 'ssl.ca', 'ssl.cert']) {
      if (event.changes?.[field] !== undefined)
        expect(event.changes[field]).toEqual({ changed: true });
    }
  }
}

/** The statements that make the second write of a change fail inside its transaction, per store. */
function injectedFailures(store: StoreKind): string[] {
  if (store === 'postgres') {
    return [
      `CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
      `CREATE TRIGGER refuse_marked_event BEFORE INSERT ON connection_events FOR EACH ROW
       WHEN (NEW.request_id = '${FAILING_EVENT}') EXECUTE FUNCTION injected_failure()`,
      `CREATE TRIGGER refuse_marked_copy BEFORE INSERT ON connection_events FOR EACH ROW
       WHEN (NEW.request_id = '${FAILING_COPY}' AND NEW.action = 'copied') EXECUTE FUNCTION injected_failure()`,
      `CREATE TRIGGER refuse_marked_update BEFORE UPDATE ON connections FOR EACH ROW
       WHEN (NEW.host = '${FAILING_HOST}') EXECUTE FUNCTION injected_failure()`,
    ];
  }
  return [
    `CREATE TRIGGER refuse_marked_event BEFORE INSERT ON connection_events
     WHEN NEW.request_id = '${FAILING_EVENT}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    `CREATE TRIGGER refuse_marked_copy BEFORE INSERT ON connection_events
     WHEN NEW.request_id = '${FAILING_COPY}' AND NEW.action = 'copied' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    `CREATE TRIGGER refuse_marked_update BEFORE UPDATE ON connections
     WHEN NEW.host = '${FAILING_HOST}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  ];
}

describeEachStore('GET /v1/management/connections/{id}/history', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;

  beforeAll(async () => {
    t = await createTestApp({
      store,
      env: {
        CONNECTION_TEST_RATE_LIMIT: String(TEST_LIMIT),
        CONNECTION_TEST_TIMEOUT_MS: '3000',
        SCHEMA_DISCOVERY_TIMEOUT_MS: '3000',
      },
    });
    rows = await openStoreRows(t);
  });
  afterAll(async () => {
    await rows?.close();
    await t?.close();
  });

  const create = async (
    overrides: Record<string, unknown> = {},
    requestId?: string,
  ): Promise<Record<string, unknown> & { id: string }> => {
    const request = t.http.post(BASE).set('X-Product-Name', 'reports');
    if (requestId) request.set('X-Request-Id', requestId);
    const res = await request.send(connectionBody(overrides));
    expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^201 /);
    return res.body as Record<string, unknown> & { id: string };
  };
  const history = (id: string, query = '') => t.http.get(`${BASE}/${id}/history${query}`);
  const trail = async (id: string): Promise<HistoryEvent[]> => {
    const res = await history(id, '?limit=100');
    expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^200 /);
    return (res.body as HistoryPage).items;
  };
  const closedPortBody = async (overrides: Record<string, unknown> = {}) =>
    connectionBody({ host: '127.0.0.1', port: await freePort(), ...overrides });

  describe('each action appends one event, with its fields', () => {
    it('create, update, test, discovery and delete, newest first, readable after the delete (actor anonymous with auth off)', async () => {
      const created = await create(
        {
          ...(await closedPortBody()),
          configName: 'history-life',
          schema: 'public',
          ssl: { mode: 'require', ca: PEM_CERT, key: PEM_KEY },
          metadata: { team: 'finance' },
        },
        'req-create',
      );
      const url = `${BASE}/${created.id}`;
      const otherPort = await freePort();
      const patched = await t.http
        .patch(url)
        .set('X-Request-Id', 'req-update')
        .send({
          port: otherPort,
          password: NEW_PASSWORD,
          ssl: { mode: 'verify-full', ca: PEM_CERT },
          metadata: {},
        })
        .expect(200);
      const tested = await t.http.post(`${url}/test`).set('X-Request-Id', 'req-test').expect(200);
      expect(tested.body).toMatchObject({
        status: 'failure',
        error: { reason: 'CONNECTION_REFUSED' },
      });
      const discovered = await t.http.get(`${url}/schema`).set('X-Request-Id', 'req-schema');
      expectFetError(discovered, 'FET-1040');
      await t.http.delete(url).set('X-Request-Id', 'req-delete').expect(204);
      await t.http.get(url).expect(404);

      const page = (await history(created.id).expect(200)).body as HistoryPage;
      expect({ page: page.page, limit: page.limit, total: page.total }).toEqual({
        page: 1,
        limit: 10,
        total: 5,
      });
      const [deleted, discovery, test, update, creation] = page.items;
      expect(page.items.map((event) => [event.action, event.actor, event.requestId])).toEqual([
        ['deleted', 'anonymous', 'req-delete'],
        ['discovered', 'anonymous', 'req-schema'],
        ['tested', 'anonymous', 'req-test'],
        ['updated', 'anonymous', 'req-update'],
        ['created', 'anonymous', 'req-create'],
      ]);
      expect(creation).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
        at: created.createdAt,
        action: 'created',
        actor: 'anonymous',
        requestId: 'req-create',
        changes: {
          configName: { from: null, to: 'history-life' },
          productName: { from: null, to: 'reports' },
          type: { from: null, to: 'POSTGRESQL' },
          host: { from: null, to: '127.0.0.1' },
          port: { from: null, to: created.port },
          databaseName: { from: null, to: 'app' },
          userName: { from: null, to: 'reporter' },
          password: { changed: true },
          schema: { from: null, to: 'public' },
          'ssl.mode': { from: null, to: 'require' },
          'ssl.ca': { changed: true },
          'ssl.key': { changed: true },
          metadata: { from: null, to: { team: 'finance' } },
        },
      });
      expect(update).toEqual({
        id: expect.any(String),
        at: (patched.body as { updatedAt: string }).updatedAt,
        action: 'updated',
        actor: 'anonymous',
        requestId: 'req-update',
        changes: {
          port: { from: created.port, to: otherPort },
          password: { changed: true },
          'ssl.mode': { from: 'require', to: 'verify-full' },
          'ssl.key': { changed: true },
          metadata: { from: { team: 'finance' }, to: {} },
        },
      });
      // The CA given again is the same text: no change.
      expect(test).toEqual({
        id: expect.any(String),
        at: expect.any(String),
        action: 'tested',
        actor: 'anonymous',
        requestId: 'req-test',
        outcome: { status: 'failure', reason: 'CONNECTION_REFUSED' },
      });
      expect(discovery).toMatchObject({
        action: 'discovered',
        outcome: { status: 'failure', reason: 'CONNECTION_REFUSED' },
      });
      expect(deleted).toEqual({
        id: expect.any(String),
        at: expect.any(String),
        action: 'deleted',
        actor: 'anonymous',
        requestId: 'req-delete',
      });
      const times = page.items.map((event) => Date.parse(event.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(new Set(page.items.map((event) => event.id)).size).toBe(5);
      expectMasked(page, [BODY_PASSWORD, NEW_PASSWORD]);
    });

    it('assign appends `assigned` with the product; a connection stored before the history has only what came since', async () => {
      const id = await rows.insert({
        configName: `unassigned-${randomUUID().slice(0, 8)}`,
        productName: null,
      });
      expect((await history(id).expect(200)).body).toEqual({
        items: [],
        page: 1,
        limit: 10,
        total: 0,
      });
      await t.http
        .post(`${BASE}/${id}/assign`)
        .set('X-Product-Name', 'Billing')
        .set('X-Request-Id', 'req-assign')
        .expect(200);
      expect(await trail(id)).toEqual([
        {
          id: expect.any(String),
          at: expect.any(String),
          action: 'assigned',
          actor: 'anonymous',
          requestId: 'req-assign',
          changes: { productName: { from: null, to: 'billing' } },
        },
      ]);
    });

    it('clone appends `cloned` on the new connection (sourceId, its settings) and `copied` on the source (targetId)', async () => {
      const source = await create({
        ssl: { mode: 'require', key: PEM_KEY },
        metadata: { team: 'risk' },
      });
      const res = await t.http
        .post(`${BASE}/${source.id}/clone`)
        .set('X-Request-Id', 'req-clone')
        .send({ configName: `copy-${randomUUID().slice(0, 8)}` })
        .expect(201);
      const clone = res.body as { id: string; configName: string; createdAt: string };
      expect(await trail(clone.id)).toEqual([
        {
          id: expect.any(String),
          at: clone.createdAt,
          action: 'cloned',
          actor: 'anonymous',
          requestId: 'req-clone',
          sourceId: source.id,
          changes: {
            configName: { from: null, to: clone.configName },
            productName: { from: null, to: 'reports' },
            type: { from: null, to: 'POSTGRESQL' },
            host: { from: null, to: source.host },
            port: { from: null, to: source.port },
            databaseName: { from: null, to: 'app' },
            userName: { from: null, to: 'reporter' },
            password: { changed: true },
            'ssl.mode': { from: null, to: 'require' },
            'ssl.key': { changed: true },
            metadata: { from: null, to: { team: 'risk' } },
          },
        },
      ]);
      const [copied] = await trail(source.id);
      expect(copied).toEqual({
        id: expect.any(String),
        at: clone.createdAt,
        action: 'copied',
        actor: 'anonymous',
        requestId: 'req-clone',
        targetId: clone.id,
      });
    });

    it('import appends `imported` with the settings the URI gave, never its password; a refused import appends nothing', async () => {
      const before = (await rows.events()).length;
      for (const body of [
        { configName: 'bad-import', uri: 'postgres://u@db.example.com/app' },
        { configName: 'bad-import', uri: 'nonsense' },
      ])
        expect(
          (await t.http.post(`${BASE}/import`).set('X-Product-Name', 'reports').send(body)).status,
        ).toBe(400);
      expect(await rows.events()).toHaveLength(before);
      const res = await t.http
        .post(`${BASE}/import`)
        .set('X-Product-Name', 'reports')
        .set('X-Request-Id', 'req-import')
        .send({
          configName: 'imported-db',
          uri: `postgresql://reader:${encodeURIComponent(NEW_PASSWORD)}@db.example.com:6432/sales?sslmode=require`,
        })
        .expect(201);
      const page = (await history(String(res.body.id)).expect(200)).body as HistoryPage;
      expect(page.items).toEqual([
        {
          id: expect.any(String),
          at: res.body.createdAt,
          action: 'imported',
          actor: 'anonymous',
          requestId: 'req-import',
          changes: {
            configName: { from: null, to: 'imported-db' },
            productName: { from: null, to: 'reports' },
            type: { from: null, to: 'POSTGRESQL' },
            host: { from: null, to: 'db.example.com' },
            port: { from: null, to: 6432 },
            databaseName: { from: null, to: 'sales' },
            userName: { from: null, to: 'reader' },
            password: { changed: true },
            'ssl.mode': { from: null, to: 'require' },
          },
        },
      ]);
      expectMasked(page, [NEW_PASSWORD, encodeURIComponent(NEW_PASSWORD)]);
    });

    it('a PATCH that changes no value still appends `updated`, without `changes`', async () => {
      const created = await create();
      await t.http.patch(`${BASE}/${created.id}`).send({ host: created.host }).expect(200);
      const [update] = await trail(created.id);
      expect(update.action).toBe('updated');
      expect(update).not.toHaveProperty('changes');
    });

    it('an event without X-Request-Id carries the id the service made and echoed', async () => {
      const res = await t.http
        .post(BASE)
        .set('X-Product-Name', 'reports')
        .send(connectionBody())
        .expect(201);
      const [creation] = await trail(res.body.id);
      expect(creation.requestId).toBe(res.headers['x-request-id']);
    });

    describeWithPostgres('runs that succeed (this machine’s PostgreSQL as the database)', () => {
      it('a test and a discovery that succeed append `tested` and `discovered` with status success', async () => {
        const server = new URL(String(TEST_DATABASE_URL));
        const created = await create(
          localPostgresBody(Number(server.port || 5432), {
            databaseName: server.pathname.slice(1) || 'postgres',
            userName: decodeURIComponent(server.username) || 'postgres',
            password: decodeURIComponent(server.password) || 'unused-by-trust',
          }),
        );
        expect((await t.http.post(`${BASE}/${created.id}/test`).expect(200)).body.status).toBe(
          'success',
        );
        await t.http.get(`${BASE}/${created.id}/schema`).expect(200);
        const [discovered, tested] = await trail(created.id);
        expect(discovered).toMatchObject({ action: 'discovered', outcome: { status: 'success' } });
        expect(tested).toMatchObject({ action: 'tested', outcome: { status: 'success' } });
        expect(discovered.outcome).not.toHaveProperty('reason');
      });
    });
  });

  describe('refused requests append nothing', () => {
    it('invalid bodies, conflicts, preconditions, other products, 404s, 429s, refused clones, validate-schema and reads leave every event as it was', async () => {
      const created = await create(await closedPortBody());
      const taken = await create();
      const url = `${BASE}/${created.id}`;
      // Use up the test and schema quotas (each of these ran, and appends its event).
      for (let run = 0; run < TEST_LIMIT; run += 1) {
        await t.http.post(`${url}/test`).expect(200);
        expectFetError(await t.http.get(`${url}/schema`), 'FET-1040');
      }
      const before = await rows.events();
      const refused: Array<[string, Promise<Response>, number]> = [
        ['empty PATCH', t.http.patch(url).send({}), 400],
        ['PATCH with a wrong type', t.http.patch(url).send({ port: '5432' }), 400],
        ['PATCH with an unknown field', t.http.patch(url).send({ nope: 1 }), 400],
        [
          'PATCH to a taken name',
          t.http.patch(url).send({ configName: String(taken.configName) }),
          409,
        ],
        [
          'PATCH with a stale If-Match',
          t.http.patch(url).set('If-Match', '"stale"').send({ port: 1 }),
          412,
        ],
        [
          'PATCH of another product',
          t.http.patch(url).set('X-Product-Name', 'other').send({ port: 1 }),
          404,
        ],
        ['DELETE of another product', t.http.delete(url).set('X-Product-Name', 'other'), 404],
        ['DELETE of an unknown id', t.http.delete(`${BASE}/${randomUUID()}`), 404],
        [
          'assign of an assigned one',
          t.http.post(`${url}/assign`).set('X-Product-Name', 'reports'),
          409,
        ],
        [
          'clone to a taken name',
          t.http.post(`${url}/clone`).send({ configName: String(taken.configName) }),
          409,
        ],
        ['clone without a name', t.http.post(`${url}/clone`).send({}), 400],
        [
          'clone of another product',
          t.http.post(`${url}/clone`).set('X-Product-Name', 'other').send({ configName: 'x-copy' }),
          404,
        ],
        ['test over the limit', t.http.post(`${url}/test`), 429],
        ['test of another product', t.http.post(`${url}/test`).set('X-Product-Name', 'other'), 404],
        ['schema over the limit', t.http.get(`${url}/schema`), 429],
        ['schema with an unknown parameter', t.http.get(`${url}/schema?nope=1`), 400],
        [
          'create with a missing field',
          t.http.post(BASE).set('X-Product-Name', 'reports').send({ configName: 'x' }),
          400,
        ],
        [
          'create of a taken name',
          t.http
            .post(BASE)
            .set('X-Product-Name', 'reports')
            .send(connectionBody({ configName: String(taken.configName) })),
          409,
        ],
        [
          'validate-schema',
          t.http
            .post(`${BASE}/validate-schema`)
            .send({ mappedFields: { [String(created.configName)]: { t: ['f'] } } }),
          422,
        ],
        [
          'validate-schema of nobody',
          t.http.post(`${BASE}/validate-schema`).send({ mappedFields: { nobody: { t: ['f'] } } }),
          400,
        ],
        ['history', history(created.id), 200],
        ['history with a bad query', history(created.id, '?limit=101'), 400],
        ['get', t.http.get(url), 200],
        ['list', t.http.get(BASE), 200],
      ];
      for (const [why, request, status] of refused)
        expect({ why, status: (await request).status }).toEqual({ why, status });
      expect(await rows.events()).toEqual(before);
    });
  });

  describe('masking', () => {
    it('the trail and the stored events hold no secret, no PEM and no sealed value: secrets only as { changed: true }', async () => {
      const created = await create({
        ssl: { mode: 'verify-full', ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY },
      });
      await t.http
        .patch(`${BASE}/${created.id}`)
        .send({
          password: NEW_PASSWORD,
          ssl: { mode: 'verify-ca', ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY },
        })
        .expect(200);
      // Dropping SSL lowers the TLS mode: the password comes again (the credential guard).
      await t.http
        .patch(`${BASE}/${created.id}`)
        .send({ ssl: null, password: NEW_PASSWORD })
        .expect(200);
      const page = (await history(created.id).expect(200)).body as HistoryPage;
      expectMasked(page, [BODY_PASSWORD, NEW_PASSWORD]);
      expect(page.items.map((event) => event.changes)).toEqual([
        {
          password: { changed: true },
          'ssl.mode': { from: 'verify-ca', to: null },
          'ssl.ca': { changed: true },
          'ssl.cert': { changed: true },
          'ssl.key': { changed: true },
        },
        {
          password: { changed: true },
          'ssl.mode': { from: 'verify-full', to: 'verify-ca' },
          'ssl.key': { changed: true },
        },
        expect.objectContaining({
          password: { changed: true },
          'ssl.key': { changed: true },
          'ssl.cert': { changed: true },
        }),
      ]);
      const stored = JSON.stringify(await rows.events(created.id));
      for (const secret of [BODY_PASSWORD, NEW_PASSWORD, 'BEGIN', 'v1:'])
        expect(stored).not.toContain(secret);
    });
  });

  describe('paging and the query', () => {
    it('pages newest first like the list: page, limit, total on every page, an empty page past the end', async () => {
      const created = await create();
      for (let n = 1; n <= 12; n += 1)
        await t.http
          .patch(`${BASE}/${created.id}`)
          .send({ databaseName: `db${n}` })
          .expect(200);
      const all = await trail(created.id);
      expect(all.map((event) => event.changes?.databaseName)).toEqual([
        ...Array.from({ length: 11 }, (_, index) => ({
          from: `db${11 - index}`,
          to: `db${12 - index}`,
        })),
        { from: 'app', to: 'db1' },
        { from: null, to: 'app' },
      ]);
      const pages = [];
      for (const page of [1, 2, 3, 4])
        pages.push(
          (await history(created.id, `?page=${page}&limit=5`).expect(200)).body as HistoryPage,
        );
      expect(
        pages.map(({ page, limit, total, items }) => [page, limit, total, items.length]),
      ).toEqual([
        [1, 5, 13, 5],
        [2, 5, 13, 5],
        [3, 5, 13, 3],
        [4, 5, 13, 0],
      ]);
      expect(pages.flatMap((page) => page.items)).toEqual(all);
    });

    it.each([
      ['?limit=101', 'FET-0406', ['limit']],
      ['?limit=0', 'FET-0405', ['limit']],
      ['?page=0', 'FET-0405', ['page']],
      ['?page=x', 'FET-0405', ['page']],
      ['?sortBy=createdAt', 'FET-0405', ['sortBy']],
      ['?action=updated', 'FET-0405', ['action']],
    ])('%s → %s, as on the list', async (query, code, fields) => {
      const created = await create();
      expectFetError(await history(created.id, query), code, fields);
    });
  });

  describe('whose trail', () => {
    it('an id that never existed, another organization’s connection, another product → 404 FET-1001 exactly as an unknown id', async () => {
      const created = await create();
      const theirs = await rows.insert({
        configName: `theirs-${randomUUID().slice(0, 8)}`,
        organizationId: 'other',
      });
      const unknown = await history(randomUUID());
      expectFetError(unknown, 'FET-1001');
      for (const attempt of [
        await history(theirs),
        await history(created.id).set('X-Product-Name', 'billing'),
      ]) {
        expectFetError(attempt, 'FET-1001');
        expect(attempt.body).toEqual(unknown.body);
      }
      await history(created.id).set('X-Product-Name', ' REPORTS ').expect(200);
      expectFetError(await history('not-a-uuid'), 'FET-0404', ['id']);
      expectFetError(await history(created.id).set('X-Product-Name', 'bad name'), 'FET-0403', [
        'X-Product-Name',
      ]);
    });

    it('a deleted connection’s trail stays readable, also under its product', async () => {
      const created = await create();
      await t.http.delete(`${BASE}/${created.id}`).expect(204);
      const page = (await history(created.id).set('X-Product-Name', 'reports').expect(200))
        .body as HistoryPage;
      expect(page.items.map((event) => event.action)).toEqual(['deleted', 'created']);
    });
  });

  describe('concurrent writes', () => {
    it('20 parallel PATCHes: one event per success, none per refusal, newest first strictly by time', async () => {
      const created = await create();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          t.http.patch(`${BASE}/${created.id}`).send({ databaseName: `db${index}` }),
        ),
      );
      const ok = answers.filter((res) => res.status === 200);
      expect(
        answers.filter((res) => res.status !== 200).map((res) => res.body.code as string),
      ).toEqual(Array.from({ length: 20 - ok.length }, () => 'FET-0416'));
      expect(ok.length).toBeGreaterThan(0);
      const updates = (await trail(created.id)).filter((event) => event.action === 'updated');
      expect(updates).toHaveLength(ok.length);
      const times = updates.map((event) => Date.parse(event.at));
      for (let index = 1; index < times.length; index += 1)
        expect(times[index]).toBeLessThan(times[index - 1]);
      // Each success's new version is exactly one event, which says what it set.
      const to = (event: HistoryEvent) => (event.changes?.databaseName as { to: string }).to;
      const byTime = new Map(updates.map((event) => [event.at, to(event)]));
      expect(
        new Map(ok.map((res) => [res.body.updatedAt as string, res.body.databaseName as string])),
      ).toEqual(byTime);
      // Each event's `from` is what the previous success left.
      for (let index = 0; index < updates.length - 1; index += 1) {
        expect((updates[index].changes?.databaseName as { from: string }).from).toBe(
          to(updates[index + 1]),
        );
      }
    });
  });

  describe('one transaction: a change and its event, or neither (failures injected into the store)', () => {
    beforeAll(async () => {
      for (const statement of injectedFailures(store)) await rows.execute(statement);
    });

    const eventsMarked = async () =>
      (await rows.events()).filter((row: StoredRow) => row.request_id === FAILING_EVENT);

    it('the event refused after the change was written: create, import, update, delete and assign store nothing of either (500)', async () => {
      const created = await create();
      const unassigned = await rows.insert({
        configName: `tx-unassigned-${randomUUID().slice(0, 8)}`,
        productName: null,
      });
      const beforeRows = [await rows.row(created.id), await rows.row(unassigned)];
      const before = await rows.events();
      const name = `tx-refused-${randomUUID().slice(0, 8)}`;
      const attempts = [
        t.http
          .post(BASE)
          .set('X-Product-Name', 'reports')
          .set('X-Request-Id', FAILING_EVENT)
          .send(connectionBody({ configName: name })),
        t.http
          .post(`${BASE}/import`)
          .set('X-Product-Name', 'reports')
          .set('X-Request-Id', FAILING_EVENT)
          .send({ configName: name, uri: 'postgres://u:import-pw@db.example.com/app' }),
        t.http
          .patch(`${BASE}/${created.id}`)
          .set('X-Request-Id', FAILING_EVENT)
          .send({ port: 6543, password: NEW_PASSWORD }),
        t.http.delete(`${BASE}/${created.id}`).set('X-Request-Id', FAILING_EVENT),
        t.http
          .post(`${BASE}/${unassigned}/assign`)
          .set('X-Product-Name', 'reports')
          .set('X-Request-Id', FAILING_EVENT),
      ];
      for (const attempt of attempts) expectFetError(await attempt, 'FET-0002');
      expect(await eventsMarked()).toEqual([]);
      expect(await rows.events()).toEqual(before);
      expect([await rows.row(created.id), await rows.row(unassigned)]).toEqual(beforeRows);
      expect((await t.http.get(`${BASE}?configName=${name}`).expect(200)).body.total).toBe(0);
      // And the same changes without the marked request id go through, each with its event.
      await t.http
        .patch(`${BASE}/${created.id}`)
        .send({ port: 6543, password: NEW_PASSWORD })
        .expect(200);
      expect((await trail(created.id)).map((event) => event.action)).toEqual([
        'updated',
        'created',
      ]);
    });

    it('a clone whose second event (`copied`, on the source) is refused stores neither the clone nor its `cloned` event (500)', async () => {
      const source = await create();
      const before = await rows.events();
      const name = `tx-clone-${randomUUID().slice(0, 8)}`;
      expectFetError(
        await t.http
          .post(`${BASE}/${source.id}/clone`)
          .set('X-Request-Id', FAILING_COPY)
          .send({ configName: name }),
        'FET-0002',
      );
      expect(await rows.events()).toEqual(before);
      expect((await t.http.get(`${BASE}?configName=${name}`).expect(200)).body.total).toBe(0);
      expect((await trail(source.id)).map((event) => event.action)).toEqual(['created']);
    });

    it('the change refused: no event is left without it (500)', async () => {
      const created = await create();
      const before = await rows.events();
      const beforeRow = await rows.row(created.id);
      expectFetError(
        await t.http
          .patch(`${BASE}/${created.id}`)
          .send({ host: FAILING_HOST, password: NEW_PASSWORD }),
        'FET-0002',
      );
      expect(await rows.events()).toEqual(before);
      expect(await rows.row(created.id)).toEqual(beforeRow);
      expect((await trail(created.id)).map((event) => event.action)).toEqual(['created']);
    });
  });

  describe('append-only', () => {
    it('the store itself refuses to change or remove an event', async () => {
      await create();
      const count = (await rows.events()).length;
      // A table without rows would let the UPDATE and DELETE below pass without any trigger firing.
      expect(count).toBeGreaterThan(0);
      // Matched by message, not with toThrow: better-sqlite3's native addon is loaded once per
      // process and keeps the error class of the first test file that loaded it, so in a later
      // file its errors come from another realm (not `instanceof Error` here) and toThrow would
      // report "did not throw".
      const refused = { message: expect.stringMatching(/append-only/) as unknown };
      await expect(
        rows.execute(`UPDATE connection_events SET actor = 'forger'`),
      ).rejects.toMatchObject(refused);
      await expect(rows.execute('DELETE FROM connection_events')).rejects.toMatchObject(refused);
      if (store === 'postgres')
        await expect(rows.execute('TRUNCATE connection_events')).rejects.toMatchObject(refused);
      const events = await rows.events();
      expect(events).toHaveLength(count);
      expect(events.some((row) => row.actor === 'forger')).toBe(false);
    });
  });
});

describeEachStore('history with authentication on: actor and organizations', (store: StoreKind) => {
  let issuer: TestIssuer;
  let t: TestApp;
  const as = async (organization: string, claims: Record<string, unknown> = {}) => ({
    Authorization: `Bearer ${await issuer.token(organization, { claims })}`,
  });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await createTestApp({ store, env: issuer.env({ jwks: true }) });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  it('the actor is the token’s sub (`unknown` for a token without one); another organization gets 404 exactly as for an unknown id', async () => {
    const a = await as('org-a');
    const created = await t.http
      .post(BASE)
      .set(a)
      .set('X-Product-Name', 'reports')
      .send(connectionBody({ configName: 'shared' }))
      .expect(201);
    const id = created.body.id as string;
    await t.http
      .patch(`${BASE}/${id}`)
      .set(await as('org-a', { sub: undefined }))
      .send({ userName: 'analyst' })
      .expect(200);
    await t.http
      .patch(`${BASE}/${id}`)
      .set(await as('org-a', { sub: 'service-account-7' }))
      .send({ userName: 'auditor' })
      .expect(200);
    // org-b has a connection of the same name, and never sees org-a's trail.
    const b = await as('org-b');
    const theirs = await t.http
      .post(BASE)
      .set(b)
      .set('X-Product-Name', 'reports')
      .send(connectionBody({ configName: 'shared' }))
      .expect(201);
    const unknown = await t.http.get(`${BASE}/${randomUUID()}/history`).set(b);
    expectFetError(unknown, 'FET-1001');
    const attempt = await t.http.get(`${BASE}/${id}/history`).set(b);
    expect({ status: attempt.status, body: attempt.body as unknown }).toEqual({
      status: 404,
      body: unknown.body as unknown,
    });

    const page = (await t.http.get(`${BASE}/${id}/history`).set(a).expect(200)).body as HistoryPage;
    expect(page.items.map((event) => [event.action, event.actor])).toEqual([
      ['updated', 'service-account-7'],
      ['updated', 'unknown'],
      ['created', 'user-of-org-a'],
    ]);
    const other = (
      await t.http
        .get(`${BASE}/${String(theirs.body.id)}/history`)
        .set(b)
        .expect(200)
    ).body as HistoryPage;
    expect(other.items.map((event) => [event.action, event.actor])).toEqual([
      ['created', 'user-of-org-b'],
    ]);
    expect(JSON.stringify(other)).not.toContain(id);
  });

  it('reading the history needs connections:read (403 FET-0042 without it), and a token (401 FET-0041)', async () => {
    const created = await t.http
      .post(BASE)
      .set(await as('org-a'))
      .set('X-Product-Name', 'reports')
      .send(connectionBody())
      .expect(201);
    const url = `${BASE}/${String(created.body.id)}/history`;
    expectFetError(await t.http.get(url), 'FET-0041');
    expectFetError(
      await t.http.get(url).set(await as('org-a', { scope: 'connections:write connections:test' })),
      'FET-0042',
    );
    await t.http
      .get(url)
      .set(await as('org-a', { scope: 'connections:read' }))
      .expect(200);
  });
});

import { passwordContext, sslKeyContext } from '../src/connections/domain/secret-contexts';
import { expectFetError } from './support/fet-expect';
import {
  BASE,
  BODY_PASSWORD,
  StoreRows,
  connectionBody,
  describeEachStore,
  testCipher,
  withStoreApp,
} from './support/store-rows';
import { StoreKind, TestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PASSWORD = BODY_PASSWORD;
const PEM_CERT =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FfY2VydA==\n-----END CERTIFICATE-----\n';
const PEM_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

interface Connection {
  id: string;
  configName: string;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

describeEachStore('PATCH /v1/management/connections/{id}', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const create = async (overrides: Record<string, unknown> = {}): Promise<Connection> => {
    const res = await t.http
      .post(BASE)
      .set('X-Product-Name', 'reports')
      .send(connectionBody(overrides))
      .expect(201);
    expectNoSecrets(res.body, [PASSWORD]);
    return res.body as Connection;
  };
  const patch = (id: string, body: unknown) => t.http.patch(`${BASE}/${id}`).send(body as object);
  const patchOk = async (
    id: string,
    body: unknown,
    secrets: string[] = [],
  ): Promise<Connection> => {
    const res = await patch(id, body);
    expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^200 /);
    expectNoSecrets(res.body, [PASSWORD, ...secrets]);
    return res.body as Connection;
  };

  describe('absent fields are unchanged', () => {
    it('changes only what is given, keeps createdAt and moves updatedAt forward', async () => {
      const before = await create({ schema: 'sales', metadata: { team: 'data' } });
      const after = await patchOk(before.id, { databaseName: ' warehouse ', userName: 'analyst' });
      expect(after).toEqual({
        ...before,
        databaseName: 'warehouse',
        userName: 'analyst',
        updatedAt: after.updatedAt,
      });
      expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      const read = await t.http.get(`${BASE}/${before.id}`).expect(200);
      expectNoSecrets(read.body, [PASSWORD]);
      expect(read.body).toEqual(after);
    });

    it('keeps the password when it is absent: the sealed value is untouched', async () => {
      const created = await create();
      const sealedBefore = String((await rows.row(created.id))?.password_sealed);
      await patchOk(created.id, { userName: 'someone-else' });
      const sealedAfter = String((await rows.row(created.id))?.password_sealed);
      expect(sealedAfter).toBe(sealedBefore);
      expect(testCipher().open(sealedAfter, passwordContext(created.id))).toBe(PASSWORD);
    });

    it('a new password is sealed afresh and never returned', async () => {
      const created = await create();
      const sealedBefore = String((await rows.row(created.id))?.password_sealed);
      await patchOk(created.id, { password: 'N3w-pa55word' }, ['N3w-pa55word']);
      const row = await rows.row(created.id);
      expect(JSON.stringify(row)).not.toContain('N3w-pa55word');
      expect(row?.password_sealed).not.toBe(sealedBefore);
      expect(testCipher().open(String(row?.password_sealed), passwordContext(created.id))).toBe(
        'N3w-pa55word',
      );
    });
  });

  describe('refused values', () => {
    it('an empty password → 400 FET-0001', async () => {
      const created = await create();
      expectFetError(await patch(created.id, { password: '' }), 'FET-0001', ['password']);
    });
    it('null for a required field → 400 FET-0001', async () => {
      const created = await create();
      expectFetError(await patch(created.id, { configName: null, port: null }), 'FET-0001', [
        'configName',
        'port',
      ]);
    });
    it('the create rules apply (port as string, bad host)', async () => {
      const created = await create();
      expectFetError(await patch(created.id, { port: '5432', host: 'a@b' }), 'FET-0001', [
        'host',
        'port',
      ]);
    });
    it('the NUL character, which PostgreSQL cannot store, in any stored text → 400 FET-0001', async () => {
      const created = await create();
      expectFetError(
        await patch(created.id, {
          databaseName: 'd\u0000',
          userName: '\u0000',
          schema: 's\u0000',
          metadata: { k: 'v\u0000' },
        }),
        'FET-0001',
        ['databaseName', 'metadata.k', 'schema', 'userName'],
      );
    });
    it('an unknown field, also inside ssl → 400 FET-0400', async () => {
      const created = await create();
      expectFetError(
        await patch(created.id, { id: created.id, ssl: { mode: 'require', extra: 1 } }),
        'FET-0400',
        ['id', 'ssl.extra'],
      );
    });
    it('metadata rules → FET-0410', async () => {
      const created = await create();
      expectFetError(await patch(created.id, { metadata: { a: { b: 'c' } } }), 'FET-0410', [
        'metadata.a',
      ]);
    });
    it('an empty body {} → 400 FET-0001', async () => {
      const created = await create();
      expectFetError(await patch(created.id, {}), 'FET-0001');
    });
    it('a non-JSON body → 400 FET-0001', async () => {
      const created = await create();
      const res = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('Content-Type', 'text/plain')
        .send('port=1');
      expectFetError(res, 'FET-0001');
    });
    it('nothing was written by a refused PATCH', async () => {
      const created = await create();
      await patch(created.id, { databaseName: 'new', port: 0 }).expect(400);
      const read = await t.http.get(`${BASE}/${created.id}`).expect(200);
      expectNoSecrets(read.body, [PASSWORD]);
      expect(read.body).toEqual(created);
    });
  });

  describe('ssl', () => {
    it('given, replaces the whole block (ca and key dropped when not resent)', async () => {
      const created = await create({ ssl: { mode: 'verify-ca', ca: PEM_CERT, key: PEM_KEY } });
      const after = await patchOk(created.id, { ssl: { mode: 'verify-full' } });
      expect(after.ssl).toEqual({ mode: 'verify-full' });
      const row = await rows.row(created.id);
      expect(row?.ssl_mode).toBe('verify-full');
      expect(row?.ssl_ca ?? null).toBeNull();
      expect(row?.ssl_key_sealed ?? null).toBeNull();
    });
    it('a new key is sealed for this connection', async () => {
      const created = await create();
      await patchOk(
        created.id,
        { ssl: { mode: 'verify-full', ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY } },
        ['MIGHAgEAMBMG'],
      );
      const row = await rows.row(created.id);
      expect(testCipher().open(String(row?.ssl_key_sealed), sslKeyContext(created.id))).toBe(
        PEM_KEY,
      );
    });
    it('null removes SSL (with the password: removing TLS moves it, spec §3.4)', async () => {
      const created = await create({ ssl: { mode: 'require', key: PEM_KEY } });
      const after = await patchOk(created.id, { ssl: null, password: PASSWORD });
      expect(after).not.toHaveProperty('ssl');
      const row = await rows.row(created.id);
      expect(row?.ssl_mode ?? null).toBeNull();
      expect(row?.ssl_key_sealed ?? null).toBeNull();
    });
    it('without its mode → FET-0402, with a bad mode → FET-0413', async () => {
      const created = await create();
      expectFetError(await patch(created.id, { ssl: { ca: PEM_CERT } }), 'FET-0402', ['ssl.mode']);
      expectFetError(await patch(created.id, { ssl: { mode: 'allow' } }), 'FET-0413', ['ssl.mode']);
    });
  });

  describe('metadata and schema', () => {
    it('metadata given replaces the whole map', async () => {
      const created = await create({ metadata: { a: '1', b: '2' } });
      expect((await patchOk(created.id, { metadata: { c: '3' } })).metadata).toEqual({ c: '3' });
    });
    it('{} and null clear it', async () => {
      const a = await create({ metadata: { a: '1' } });
      expect(await patchOk(a.id, { metadata: {} })).not.toHaveProperty('metadata');
      const b = await create({ metadata: { a: '1' } });
      expect(await patchOk(b.id, { metadata: null })).not.toHaveProperty('metadata');
    });
    it('schema null removes the default schema', async () => {
      const created = await create({ schema: 'sales' });
      expect(await patchOk(created.id, { schema: null })).not.toHaveProperty('schema');
    });
  });

  describe('type change re-validates against the new type', () => {
    it('MYSQL with metadata.directConnection "yes" cannot become MONGODB', async () => {
      const created = await create({ type: 'MYSQL', metadata: { directConnection: 'yes' } });
      // A type change moves the password (spec §3.4): these PATCHes carry it.
      expectFetError(await patch(created.id, { type: 'MONGODB', password: PASSWORD }), 'FET-0001', [
        'metadata.directConnection',
      ]);
      const ok = await patchOk(created.id, {
        type: 'MONGODB',
        password: PASSWORD,
        metadata: { directConnection: 'true' },
      });
      expect(ok).toMatchObject({ type: 'MONGODB', metadata: { directConnection: 'true' } });
    });
  });

  describe('configName', () => {
    it('renaming to a taken name (any case) → 409 FET-1002', async () => {
      await create({ configName: 'Taken-Name' });
      const other = await create();
      expectFetError(await patch(other.id, { configName: 'taken-NAME' }), 'FET-1002');
    });
    it('renaming to its own name in another case is allowed', async () => {
      const created = await create({ configName: 'own-name' });
      expect((await patchOk(created.id, { configName: 'OWN-NAME' })).configName).toBe('OWN-NAME');
    });
  });

  describe('ETag and If-Match', () => {
    it('a matching If-Match → 200 with a new ETag; the old one then → 412 FET-0416', async () => {
      const created = await create();
      const read = await t.http.get(`${BASE}/${created.id}`).expect(200);
      const etag = read.headers.etag;
      expect(etag).toMatch(/^"[^"]+"$/);
      const first = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('If-Match', etag)
        .send({ databaseName: 'first' })
        .expect(200);
      expectNoSecrets(first.body, [PASSWORD]);
      expect(first.headers.etag).toMatch(/^"[^"]+"$/);
      expect(first.headers.etag).not.toBe(etag);
      const stale = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('If-Match', etag)
        .send({ databaseName: 'second' });
      expectFetError(stale, 'FET-0416');
      const now = await t.http.get(`${BASE}/${created.id}`).expect(200);
      expect(now.body.databaseName).toBe('first');
      expect(now.headers.etag).toBe(first.headers.etag);
    });
    it('compares strongly: the weak form or the tag without its quotes → 412 FET-0416, and an error carries no ETag', async () => {
      const created = await create();
      const etag = (await t.http.get(`${BASE}/${created.id}`).expect(200)).headers.etag;
      for (const ifMatch of [`W/${etag}`, etag.slice(1, -1)]) {
        const refused = await t.http
          .patch(`${BASE}/${created.id}`)
          .set('If-Match', ifMatch)
          .send({ databaseName: 'next' });
        expectFetError(refused, 'FET-0416');
        expect(refused.headers.etag).toBeUndefined();
      }
      expect((await t.http.get(`${BASE}/${created.id}`).expect(200)).headers.etag).toBe(etag);
    });

    it('no response says which framework serves it, and only a connection carries an ETag', async () => {
      const created = await create();
      const answers = await Promise.all([
        t.http.get(`${BASE}/${created.id}`),
        t.http.get(BASE),
        t.http.get(`${BASE}/not-a-uuid`),
        t.http.get('/v1/nowhere'),
      ]);
      for (const res of answers) expect(res.headers['x-powered-by']).toBeUndefined();
      // No conditional GET: If-None-Match never turns an answer into an empty 304.
      const etag = answers[0].headers.etag;
      for (const [path, tag] of [
        [`${BASE}/${created.id}`, etag],
        [`${BASE}/${created.id}`, '*'],
        [BASE, '*'],
        [`${BASE}/unassigned`, '*'],
      ]) {
        expect({
          path,
          tag,
          status: (await t.http.get(path).set('If-None-Match', tag)).status,
        }).toEqual({ path, tag, status: 200 });
      }
      expect(answers.map((res) => res.headers.etag !== undefined)).toEqual([
        true,
        false,
        false,
        false,
      ]);
    });

    it('If-Match: * matches any version', async () => {
      const created = await create();
      const res = await t.http
        .patch(`${BASE}/${created.id}`)
        .set('If-Match', '*')
        .send({ databaseName: 'next' })
        .expect(200);
      expectNoSecrets(res.body, [PASSWORD]);
    });
  });

  describe('not found', () => {
    it('an unknown or deleted id → 404 FET-1001', async () => {
      expectFetError(await patch('01890000-0000-7000-8000-0000000000ff', { port: 1 }), 'FET-1001');
      const created = await create();
      await t.http.delete(`${BASE}/${created.id}`).expect(204);
      expectFetError(await patch(created.id, { port: 1 }), 'FET-1001');
    });
  });
});

import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Response } from 'supertest';
import { passwordContext, sslKeyContext } from '../src/connections/domain/secret-contexts';
import { expectFetError } from './support/fet-expect';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import { openStoreFingerprint } from './support/store-fingerprint';
import {
  BASE,
  BODY_PASSWORD,
  StoreRows,
  StoredRow,
  connectionBody,
  describeEachStore,
  localPostgresBody,
  openStoreRows,
  testCipher,
  withStoreApp,
} from './support/store-rows';
import { startTempPostgres, TempPostgres } from './support/temp-postgres';
import {
  StoreKind,
  TestApp,
  createPostgresDatabase,
  createTestApp,
  expectNoSecrets,
} from './support/test-app';
import { createClientCertificate } from './support/client-cert-fixtures';
import { TlsFixtures, createTlsFixtures } from './support/tls-fixtures';
import { TestIssuer } from './support/token-issuer';

// Real stores, throwaway PostgreSQL clusters: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(120_000);

const PASSWORD = BODY_PASSWORD;
const PEM_CERT =
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FfY2VydA==\n-----END CERTIFICATE-----\n';
const PEM_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Connection {
  id: string;
  configName: string;
  productName?: string;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

/** `object` without `keys`. */
function without<T extends Record<string, unknown>>(
  object: T | undefined,
  keys: string[],
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([key]) => !keys.includes(key)));
}

/** What a clone must repeat of its source's answer: everything but its identity and its timestamps. */
const settingsOf = (connection: Connection) =>
  without(connection, ['id', 'configName', 'createdAt', 'updatedAt']);

/** What a clone must repeat of its source's row: everything but identity, timestamps and the sealed secrets. */
const storedSettingsOf = (row: StoredRow | undefined) =>
  without(row, [
    'id',
    'config_name',
    'config_name_key',
    'password_sealed',
    'ssl_key_sealed',
    'created_at',
    'updated_at',
  ]);

/** Runs `work` against the app of `t` and asserts that the store holds exactly what it held before. */
async function expectStoreUntouched(t: TestApp, work: () => Promise<void>): Promise<void> {
  const fingerprint = await openStoreFingerprint(t);
  try {
    const before = await fingerprint.take();
    await work();
    expect(await fingerprint.take()).toBe(before);
  } finally {
    await fingerprint.close();
  }
}

describeEachStore('POST /v1/management/connections/{id}/clone', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const create = async (
    overrides: Record<string, unknown> = {},
    product = 'reports',
  ): Promise<Connection> => {
    const res = await t.http
      .post(BASE)
      .set('X-Product-Name', product)
      .send(connectionBody(overrides))
      .expect(201);
    return res.body as Connection;
  };
  const clone = (id: string, body: unknown, product?: string) => {
    const req = t.http.post(`${BASE}/${id}/clone`);
    if (product !== undefined) req.set('X-Product-Name', product);
    return req.send(body as object);
  };
  /** A clone request with a raw JSON text body. */
  const cloneRaw = (id: string, text: string, contentType = 'application/json') =>
    t.http.post(`${BASE}/${id}/clone`).set('Content-Type', contentType).send(text);
  const everySetting = () => ({
    type: 'MYSQL',
    host: '10.1.2.3',
    port: 3307,
    databaseName: 'sales',
    userName: 'report_reader',
    schema: 'finance',
    ssl: { mode: 'verify-full', ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY },
    metadata: { team: 'data', tier: 'gold' },
  });

  describe('a clone', () => {
    it('answers 201 with a new id, the given name, every setting of the source and an ETag of its own; GET reads the same', async () => {
      const source = await create(everySetting());
      const res = await clone(source.id, { configName: 'sales-copy' }).expect(201);
      expectNoSecrets(res.body, [PASSWORD, 'MIGHAgEAMBMG', 'MIIBszCCAVmg']);
      const copy = res.body as Connection;
      expect(copy.id).toMatch(UUID_V7);
      expect(copy.id).not.toBe(source.id);
      expect(copy.configName).toBe('sales-copy');
      // Field by field, so a failure names the field.
      const expected = settingsOf(source);
      expect(Object.keys(settingsOf(copy)).sort()).toEqual(Object.keys(expected).sort());
      for (const [field, value] of Object.entries(expected))
        expect({ field, value: copy[field] }).toEqual({ field, value });
      expect(expected).toMatchObject({
        productName: 'reports',
        type: 'MYSQL',
        ssl: { mode: 'verify-full' },
        schema: 'finance',
      });
      expect(Date.parse(copy.createdAt)).toBeGreaterThanOrEqual(Date.parse(source.createdAt));
      expect(copy.updatedAt).toBe(copy.createdAt);
      expect(res.headers.etag).toMatch(/^"[^"]+"$/);
      const read = await t.http.get(`${BASE}/${copy.id}`).expect(200);
      expect(read.body).toEqual(copy);
      expect(read.headers.etag).toBe(res.headers.etag);
    });

    it('stores sealed secrets of its own: other ciphertexts than the source’s, which open only with the clone’s id as additional data', async () => {
      const source = await create(everySetting());
      const copy = (await clone(source.id, { configName: 'sealed-copy' }).expect(201))
        .body as Connection;
      const sourceRow = await rows.row(source.id);
      const copyRow = await rows.row(copy.id);
      const sourcePassword = String(sourceRow?.password_sealed);
      const sourceKey = String(sourceRow?.ssl_key_sealed);
      const copyPassword = String(copyRow?.password_sealed);
      const copyKey = String(copyRow?.ssl_key_sealed);
      expect(copyPassword).toMatch(/^v1:test:/);
      expect(copyPassword).not.toBe(sourcePassword);
      expect(copyKey).not.toBe(sourceKey);
      const cipher = testCipher();
      expect(cipher.open(copyPassword, passwordContext(copy.id))).toBe(PASSWORD);
      expect(cipher.open(copyKey, sslKeyContext(copy.id))).toBe(PEM_KEY);
      // The source's sealed values, copied onto the clone's row, would not open there…
      expect(() => cipher.open(sourcePassword, passwordContext(copy.id))).toThrow();
      expect(() => cipher.open(sourceKey, sslKeyContext(copy.id))).toThrow();
      // …and the clone's are not the source's either, nor each other's.
      expect(() => cipher.open(copyPassword, passwordContext(source.id))).toThrow();
      expect(() => cipher.open(copyKey, sslKeyContext(source.id))).toThrow();
      expect(() => cipher.open(copyPassword, sslKeyContext(copy.id))).toThrow();
      expect(JSON.stringify(copyRow)).not.toContain(PASSWORD);
      expect(JSON.stringify(copyRow)).not.toContain('PRIVATE KEY');
      // Every other column is the source's: ca and cert included.
      expect(storedSettingsOf(copyRow)).toEqual(storedSettingsOf(sourceRow));
      expect(copyRow?.ssl_ca).toBe(PEM_CERT);
      expect(copyRow?.ssl_cert).toBe(PEM_CERT);
    });

    it('leaves the source as it was: its row, its answer and its ETag', async () => {
      const source = await create(everySetting());
      const rowBefore = await rows.row(source.id);
      const before = await t.http.get(`${BASE}/${source.id}`).expect(200);
      await clone(source.id, { configName: 'untouched-copy' }).expect(201);
      expect(await rows.row(source.id)).toEqual(rowBefore);
      const after = await t.http.get(`${BASE}/${source.id}`).expect(200);
      expect(after.body).toEqual(before.body);
      expect(after.headers.etag).toBe(before.headers.etag);
    });

    it('lives on its own: a change to it leaves the source, and it stays when the source is deleted', async () => {
      const source = await create(everySetting());
      const copy = (await clone(source.id, { configName: 'independent-copy' }).expect(201))
        .body as Connection;
      await t.http
        .patch(`${BASE}/${copy.id}`)
        .send({ metadata: { team: 'ops' } })
        .expect(200);
      expect((await t.http.get(`${BASE}/${source.id}`).expect(200)).body).toEqual(source);
      await t.http.delete(`${BASE}/${source.id}`).expect(204);
      const read = await t.http.get(`${BASE}/${copy.id}`).expect(200);
      expect(read.body).toMatchObject({
        configName: 'independent-copy',
        metadata: { team: 'ops' },
      });
      expect(
        testCipher().open(
          String((await rows.row(copy.id))?.password_sealed),
          passwordContext(copy.id),
        ),
      ).toBe(PASSWORD);
    });

    it('is no way round the credential guard: moving the clone needs the password, as moving the source does', async () => {
      const source = await create(everySetting());
      const copy = (await clone(source.id, { configName: 'guarded-copy' }).expect(201))
        .body as Connection;
      await expectStoreUntouched(t, async () => {
        for (const move of [
          { host: 'attacker.example.invalid' },
          { port: 6543 },
          { ssl: null },
          { type: 'POSTGRESQL' },
        ]) {
          expectFetError(await t.http.patch(`${BASE}/${copy.id}`).send(move), 'FET-0402', [
            'password',
          ]);
        }
      });
    });

    it('a source without schema, SSL or metadata gives a clone without them', async () => {
      const source = await create();
      const res = await clone(source.id, { configName: 'bare-copy' }).expect(201);
      expect(settingsOf(res.body as Connection)).toEqual(settingsOf(source));
      for (const field of ['schema', 'ssl', 'metadata']) expect(res.body).not.toHaveProperty(field);
      const row = await rows.row(res.body.id);
      expect(row?.ssl_mode).toBeNull();
      expect(row?.ssl_key_sealed).toBeNull();
    });

    it('trims the configName', async () => {
      const source = await create();
      const res = await clone(source.id, { configName: '  spaced-copy  ' }).expect(201);
      expect(res.body.configName).toBe('spaced-copy');
    });
  });

  describe('product', () => {
    it('the clone belongs to the source’s product, with no X-Product-Name or with the source’s (trimmed, any case)', async () => {
      const source = await create({}, 'owner');
      expect(
        (await clone(source.id, { configName: 'owner-copy-1' }).expect(201)).body.productName,
      ).toBe('owner');
      expect(
        (await clone(source.id, { configName: 'owner-copy-2' }, ' OWNER ').expect(201)).body
          .productName,
      ).toBe('owner');
    });

    it('another product in X-Product-Name → 404 FET-1001, and nothing is stored', async () => {
      const source = await create({}, 'owner');
      await expectStoreUntouched(t, async () => {
        expectFetError(
          await clone(source.id, { configName: 'intruder-copy' }, 'intruder'),
          'FET-1001',
        );
      });
    });

    it('an invalid X-Product-Name → 400 FET-0403, and nothing is stored', async () => {
      const source = await create();
      await expectStoreUntouched(t, async () => {
        expectFetError(
          await clone(source.id, { configName: 'bad-header-copy' }, 'my product'),
          'FET-0403',
          ['X-Product-Name'],
        );
      });
    });

    it('an unassigned source gives an unassigned clone (listed under /unassigned); naming a product for it → 404', async () => {
      const sourceId = await rows.insert({
        configName: `legacy-${randomBytes(4).toString('hex')}`,
        productName: null,
      });
      await expectStoreUntouched(t, async () => {
        expectFetError(
          await clone(sourceId, { configName: 'legacy-copy-x' }, 'reports'),
          'FET-1001',
        );
      });
      const res = await clone(sourceId, { configName: 'legacy-copy' }).expect(201);
      expect(res.body).not.toHaveProperty('productName');
      expect((await rows.row(res.body.id))?.product_name).toBeNull();
      const unassigned = await t.http.get(`${BASE}/unassigned`).query({ limit: 100 }).expect(200);
      expect((unassigned.body.items as Connection[]).map((item) => item.id)).toEqual(
        expect.arrayContaining([sourceId, res.body.id]),
      );
    });
  });

  describe('the source → 404 FET-1001 / 400 FET-0404', () => {
    it('an unknown, a deleted or another organization’s source: the same 404 each time, and nothing is stored', async () => {
      const deleted = await create();
      await t.http.delete(`${BASE}/${deleted.id}`).expect(204);
      const theirs = await rows.insert({
        organizationId: 'globex',
        configName: `theirs-${randomBytes(4).toString('hex')}`,
      });
      await expectStoreUntouched(t, async () => {
        const unknown = await clone(randomUUID(), { configName: 'nobody-copy' });
        expectFetError(unknown, 'FET-1001');
        for (const id of [deleted.id, theirs]) {
          const res = await clone(id, { configName: 'nobody-copy' });
          expect({ status: res.status, body: res.body as unknown, etag: res.headers.etag }).toEqual(
            {
              status: 404,
              body: unknown.body as unknown,
              etag: undefined,
            },
          );
        }
      });
    });

    it('an id that is not a UUID → 400 FET-0404', async () => {
      expectFetError(await clone('not-a-uuid', { configName: 'any-copy' }), 'FET-0404');
    });
  });

  describe('the name → 409 FET-1002', () => {
    it('a configName the organization uses, in any case and any product (the source’s own too), and nothing is stored', async () => {
      const source = await create({ configName: 'Sales-Warehouse' });
      await create({ configName: 'Billing-Db' }, 'billing');
      await expectStoreUntouched(t, async () => {
        for (const configName of ['sales-warehouse', ' SALES-WAREHOUSE ', 'billing-DB']) {
          expectFetError(await clone(source.id, { configName }), 'FET-1002');
        }
      });
    });

    it('the name of a deleted connection is free again', async () => {
      const source = await create();
      const gone = await create({ configName: 'Reused-Name' });
      await t.http.delete(`${BASE}/${gone.id}`).expect(204);
      expect(
        (await clone(source.id, { configName: 'reused-name' }).expect(201)).body.configName,
      ).toBe('reused-name');
    });

    it('parallel clones under one name: exactly one 201, every other 409 FET-1002 (the unique index decides)', async () => {
      const source = await create();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => clone(source.id, { configName: 'raced-copy' })),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([
        201, 409, 409, 409, 409, 409, 409, 409,
      ]);
      for (const res of answers.filter((answer) => answer.status === 409))
        expectFetError(res, 'FET-1002');
      const listed = await t.http.get(BASE).query({ configName: 'raced-copy' }).expect(200);
      expect(listed.body.total).toBe(1);
    });
  });

  describe('the body', () => {
    let sourceId: string;
    beforeAll(async () => {
      sourceId = (await create()).id;
    });

    /** The request is refused as `check` says, and nothing is stored. */
    const refused = async (send: () => Promise<Response>, check: (res: Response) => void) => {
      await expectStoreUntouched(t, async () => check(await send()));
    };

    it.each([
      ['absent', {}],
      ['null', { configName: null }],
      ['empty', { configName: '' }],
      ['blank after trimming', { configName: '   ' }],
    ])('configName %s → 400 FET-0402 naming it', async (_name, body) => {
      await refused(
        () => clone(sourceId, body),
        (res) => expectFetError(res, 'FET-0402', ['configName']),
      );
    });

    it.each([
      ['of 2 chars', 'ab'],
      ['of 101 chars', 'a'.repeat(101)],
      ['with a dot', 'prod.db'],
      ['with an inner space', 'prod db'],
      ['as a number', 12345],
      ['as a boolean', true],
    ])('configName %s → 400 FET-0001 naming it', async (_name, configName) => {
      await refused(
        () => clone(sourceId, { configName }),
        (res) => expectFetError(res, 'FET-0001', ['configName']),
      );
    });

    it.each([
      ['host', '"127.0.0.1"'],
      ['password', '"another-password"'],
      ['type', '"MYSQL"'],
      ['ssl', '{"mode":"disable"}'],
      ['metadata', '{"team":"x"}'],
      ['productName', '"other"'],
      ['id', `"${randomUUID()}"`],
      ['__proto__', '{"polluted":"yes"}'],
      ['constructor', '{"prototype":{"polluted":"yes"}}'],
    ])('any other field (%s) → 400 FET-0400 naming it', async (field, value) => {
      await refused(
        () => cloneRaw(sourceId, `{"configName":"other-field-copy","${field}":${value}}`),
        (res) => expectFetError(res, 'FET-0400', [field]),
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('an unexpected field beats a missing configName (FET-0400 before FET-0402)', async () => {
      await refused(
        () => clone(sourceId, { host: 'db.example.com' }),
        (res) => expectFetError(res, 'FET-0400', ['host']),
      );
    });

    it('a bad body is refused before the source is looked up (an unknown id with a bad body → 400)', async () => {
      await refused(
        () => clone(randomUUID(), {}),
        (res) => expectFetError(res, 'FET-0402', ['configName']),
      );
    });

    it.each([
      ['malformed JSON', '{"configName": "x",', 'application/json'],
      ['a JSON array', '[{"configName":"array-copy"}]', 'application/json'],
      ['a JSON string', '"array-copy"', 'application/json'],
      ['a non-JSON content type', '{"configName":"text-copy"}', 'text/plain'],
      [
        'a body nested 40 levels deep',
        `{"configName":"deep-copy","x":${'['.repeat(40)}${']'.repeat(40)}}`,
        'application/json',
      ],
    ])('%s → 400 FET-0001', async (_name, text, contentType) => {
      await refused(
        () => cloneRaw(sourceId, text, contentType),
        (res) => expectFetError(res, 'FET-0001'),
      );
    });

    it('no body at all → 400 FET-0001', async () => {
      await refused(
        () => t.http.post(`${BASE}/${sourceId}/clone`),
        (res) => expectFetError(res, 'FET-0001'),
      );
    });

    it('a body over 1 MiB → 413 FET-0415', async () => {
      await refused(
        () => clone(sourceId, { configName: 'big-copy', padding: 'x'.repeat(1024 * 1024 + 10) }),
        (res) => expectFetError(res, 'FET-0415'),
      );
    });
  });
});

describe('POST /v1/management/connections/{id}/clone with authentication on (SQLite store)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  const token: Record<string, string> = {};
  const as = (organization: string) => ({ Authorization: `Bearer ${token[organization]}` });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await createTestApp({ env: issuer.env() });
    for (const organization of ['org-a', 'org-b'])
      token[organization] = await issuer.token(organization);
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const create = async (
    organization: string,
    overrides: Record<string, unknown> = {},
  ): Promise<Connection> =>
    (
      await t.http
        .post(BASE)
        .set(as(organization))
        .set('X-Product-Name', 'reports')
        .send(connectionBody(overrides))
        .expect(201)
    ).body as Connection;

  it('another organization’s source answers exactly like an unknown id, whatever the name, and nothing is stored', async () => {
    const theirs = await create('org-b', { configName: 'b-warehouse' });
    await create('org-a', { configName: 'a-warehouse' });
    await expectStoreUntouched(t, async () => {
      const unknown = await t.http
        .post(`${BASE}/${randomUUID()}/clone`)
        .set(as('org-a'))
        .send({ configName: 'b-copy' });
      expectFetError(unknown, 'FET-1001');
      // A free name, the source's own name, a name the caller holds, with and without the owner's product.
      for (const configName of ['b-copy', 'b-warehouse', 'a-warehouse']) {
        for (const product of [undefined, 'reports']) {
          const req = t.http.post(`${BASE}/${theirs.id}/clone`).set(as('org-a'));
          if (product) req.set('X-Product-Name', product);
          const res = await req.send({ configName });
          expect({
            configName,
            product,
            status: res.status,
            body: res.body as unknown,
            etag: res.headers.etag,
          }).toEqual({
            configName,
            product,
            status: 404,
            body: unknown.body as unknown,
            etag: undefined,
          });
        }
      }
    });
    expect((await t.http.get(BASE).set(as('org-a')).expect(200)).body.total).toBe(1);
    expect((await t.http.get(BASE).set(as('org-b')).expect(200)).body.total).toBe(1);
  });

  it('a token without connections:write (read and test only) → 403 FET-0042 naming it, and nothing is stored; write alone is enough', async () => {
    const source = await create('org-a');
    const readAndTest = await issuer.token('org-a', {
      claims: { scope: 'connections:read connections:test' },
    });
    await expectStoreUntouched(t, async () => {
      const res = await t.http
        .post(`${BASE}/${source.id}/clone`)
        .set({ Authorization: `Bearer ${readAndTest}` })
        .send({ configName: 'denied-copy' });
      expectFetError(res, 'FET-0042');
      expect(res.headers['www-authenticate']).toBe(
        'Bearer error="insufficient_scope", scope="connections:write"',
      );
    });
    const writeOnly = await issuer.token('org-a', { claims: { scope: 'connections:write' } });
    const res = await t.http
      .post(`${BASE}/${source.id}/clone`)
      .set({ Authorization: `Bearer ${writeOnly}` })
      .send({ configName: 'allowed-copy' })
      .expect(201);
    expect(res.body).toMatchObject({ configName: 'allowed-copy', productName: 'reports' });
  });

  it('without a token → 401 FET-0041, and nothing is stored', async () => {
    const source = await create('org-a');
    await expectStoreUntouched(t, async () => {
      expectFetError(
        await t.http.post(`${BASE}/${source.id}/clone`).send({ configName: 'anonymous-copy' }),
        'FET-0041',
      );
    });
  });
});

describe('POST /v1/management/connections/{id}/clone of a provisioned connection (SQLite store)', () => {
  const files = mkdtempSync(join(tmpdir(), 'cs-clone-provisioning-'));
  const secret = `Prov-clone-${randomBytes(6).toString('hex')}`;
  let t: TestApp;
  let rows: StoreRows;

  beforeAll(async () => {
    const file = join(files, 'connections.yaml');
    writeFileSync(
      file,
      [
        'connections:',
        '  - configName: legacy-warehouse',
        '    type: POSTGRESQL',
        '    host: warehouse.example.invalid',
        '    port: 5432',
        '    databaseName: warehouse',
        '    userName: reporter',
        '    password: ${CLONE_PROV_PASSWORD}',
        '',
      ].join('\n'),
    );
    t = await createTestApp({ env: { PROVISIONING_FILE: file, CLONE_PROV_PASSWORD: secret } });
    rows = await openStoreRows(t);
  });
  afterAll(async () => {
    await rows?.close();
    await t?.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('the clone is an ordinary connection (PATCH and DELETE work on it), unassigned like its source, with the provisioned secret sealed again', async () => {
    const source = (await t.http.get(BASE).query({ configName: 'legacy-warehouse' }).expect(200))
      .body.items[0] as Connection;
    expect(source).toMatchObject({ provisioned: true });
    expect(source).not.toHaveProperty('productName');
    const res = await t.http
      .post(`${BASE}/${source.id}/clone`)
      .send({ configName: 'warehouse-copy' })
      .expect(201);
    expectNoSecrets(res.body, [secret]);
    expect(res.body).not.toHaveProperty('provisioned');
    expect(res.body).not.toHaveProperty('productName');
    expect(without(res.body as Connection, ['id', 'configName', 'createdAt', 'updatedAt'])).toEqual(
      without(source, ['id', 'configName', 'createdAt', 'updatedAt', 'provisioned']),
    );
    const row = await rows.row(res.body.id);
    expect(testCipher().open(String(row?.password_sealed), passwordContext(res.body.id))).toBe(
      secret,
    );
    await t.http
      .patch(`${BASE}/${res.body.id}`)
      .send({ metadata: { team: 'ops' } })
      .expect(200);
    await t.http.delete(`${BASE}/${res.body.id}`).expect(204);
    expectFetError(
      await t.http.patch(`${BASE}/${source.id}`).send({ metadata: { team: 'ops' } }),
      'FET-1017',
    );
  });
});

describeWithPostgres('a clone passes /test against the real PostgreSQL', () => {
  let t: TestApp;
  const test = (id: string) => t.http.post(`${BASE}/${id}/test`).expect(200);
  const cloneOf = async (sourceId: string, configName: string): Promise<string> =>
    (await t.http.post(`${BASE}/${sourceId}/clone`).send({ configName }).expect(201)).body
      .id as string;
  const create = async (body: Record<string, unknown>): Promise<string> =>
    (await t.http.post(BASE).set('X-Product-Name', 'reports').send(body).expect(201)).body
      .id as string;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('the server of TEST_DATABASE_URL', () => {
    let database: { url: string; drop(): Promise<void> };
    beforeAll(async () => {
      database = await createPostgresDatabase(String(TEST_DATABASE_URL));
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('the clone of a connection to it succeeds, every stage ok', async () => {
      const url = new URL(database.url);
      const source = await create(
        localPostgresBody(Number(url.port || 5432), {
          databaseName: url.pathname.slice(1),
          userName: decodeURIComponent(url.username || 'postgres'),
          ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
        }),
      );
      const res = await test(await cloneOf(source, `pg-copy-${randomBytes(4).toString('hex')}`));
      expect(res.body).toMatchObject({ status: 'success', message: 'Connection successful' });
      expect(res.body.serverVersion).toMatch(/^PostgreSQL \d+/);
      expectNoSecrets(res.text, [PASSWORD]);
    });
  });

  describe('a throwaway cluster that checks passwords and client certificates (TLS only)', () => {
    let tls: TlsFixtures;
    let pg: TempPostgres;
    let admin: Client;
    const hex = randomBytes(4).toString('hex');
    const passwordRole = `cs_clone_pw_${hex}`;
    const certRole = `cs_clone_cert_${hex}`;
    const rolePassword = `pw-${randomBytes(8).toString('hex')}`;
    let client: { cert: string; key: string };

    beforeAll(async () => {
      tls = createTlsFixtures();
      const { certPem, keyPem } = createClientCertificate(tls, certRole);
      client = { cert: certPem, key: keyPem };
      pg = await startTempPostgres({ tls: { certFile: tls.certFile, keyFile: tls.keyFile } });
      // The cluster takes TLS connections only; the test's own client does not check the server.
      admin = new Client({ connectionString: pg.url(), ssl: { rejectUnauthorized: false } });
      await admin.connect();
      await admin.query(`CREATE ROLE ${passwordRole} LOGIN PASSWORD '${rolePassword}'`);
      await admin.query(`CREATE ROLE ${certRole} LOGIN`);
      // The client CA beside the server's files, owned by the server's user; then: the password
      // role logs in with scram, the certificate role with a certificate of its name, nothing else.
      const { rows } = await admin.query<{ data_directory: string }>(
        'SELECT current_setting($1) AS data_directory',
        ['data_directory'],
      );
      const dataDir = rows[0].data_directory;
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      writeFileSync(join(dataDir, 'client-ca.crt'), tls.caPem);
      chownSync(join(dataDir, 'client-ca.crt'), uid, gid);
      writeFileSync(
        join(dataDir, 'pg_hba.conf'),
        [
          'local all all trust',
          'hostssl all postgres 127.0.0.1/32 trust',
          `hostssl all ${passwordRole} 127.0.0.1/32 scram-sha-256`,
          `hostssl all ${certRole} 127.0.0.1/32 cert`,
          '',
        ].join('\n'),
      );
      await admin.query(`ALTER SYSTEM SET ssl_ca_file = 'client-ca.crt'`);
      await admin.query('SELECT pg_reload_conf()');
      // Until the reload is in force: a wrong password is refused.
      for (let attempt = 0; ; attempt += 1) {
        const probe = new Client({
          host: '127.0.0.1',
          port: pg.port,
          user: passwordRole,
          password: 'wrong',
          database: 'postgres',
          ssl: { rejectUnauthorized: false },
        });
        const refusedLogin = await probe.connect().then(
          () => probe.end().then(() => false),
          () => true,
        );
        if (refusedLogin) break;
        if (attempt > 100) throw new Error('pg_hba.conf reload did not take effect');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    afterAll(async () => {
      await admin?.end();
      await pg?.dispose();
      tls?.dispose();
    });

    const body = (overrides: Record<string, unknown>) =>
      localPostgresBody(pg.port, { databaseName: 'postgres', ...overrides });

    it('a password login: the clone succeeds, with TLS, as the source does', async () => {
      const source = await create(
        body({ userName: passwordRole, password: rolePassword, ssl: { mode: 'require' } }),
      );
      const copy = await cloneOf(source, `pw-copy-${hex}`);
      const res = await test(copy);
      expect(res.body).toMatchObject({ status: 'success' });
      expect(res.body.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ stage: 'tls', status: 'ok' }),
          expect.objectContaining({ stage: 'authenticate', status: 'ok' }),
        ]),
      );
      expectNoSecrets(res.text, [rolePassword]);
      expect((await test(source)).body.status).toBe('success');
    });

    it('the clone carries the source’s password itself: a source with a wrong one gives a clone refused at authenticate', async () => {
      const source = await create(
        body({ userName: passwordRole, password: 'not-the-password', ssl: { mode: 'require' } }),
      );
      const res = await test(await cloneOf(source, `wrong-pw-copy-${hex}`));
      expect(res.body).toMatchObject({
        status: 'failure',
        error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
      });
    });

    it('a client-certificate login: the clone’s re-sealed ssl.key signs the handshake, and without a key it is refused', async () => {
      const ssl = { mode: 'verify-ca', ca: tls.caPem, cert: client.cert, key: client.key };
      const source = await create(
        body({ userName: certRole, password: 'unused-by-cert-auth', ssl }),
      );
      const res = await test(await cloneOf(source, `cert-copy-${hex}`));
      expect(res.body).toMatchObject({ status: 'success' });
      expectNoSecrets(res.text, ['PRIVATE KEY']);
      const keyless = await create(
        body({
          userName: certRole,
          password: 'unused-by-cert-auth',
          ssl: { mode: 'verify-ca', ca: tls.caPem },
        }),
      );
      expect((await test(await cloneOf(keyless, `keyless-copy-${hex}`))).body.status).toBe(
        'failure',
      );
    });
  });
});

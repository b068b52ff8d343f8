import { passwordContext, sslKeyContext } from '../src/connections/domain/secret-contexts';
import { expectFetError } from './support/fet-expect';
import { BASE, BODY_PASSWORD, StoreRows, connectionBody, describeEachStore, testCipher, withStoreApp } from './support/store-rows';
import { StoreKind, TestApp, expectNoSecrets } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PASSWORD = BODY_PASSWORD;
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FfY2VydA==\n-----END CERTIFICATE-----\n';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const REQUIRED = ['configName', 'type', 'host', 'port', 'databaseName', 'userName', 'password'];

describeEachStore('POST /v1/management/connections', (store: StoreKind) => {
  let t: TestApp;
  let rows: StoreRows;
  withStoreApp(store, (app, storeRows) => {
    t = app;
    rows = storeRows;
  });

  const create = (body: unknown, product: string | null = 'reports') => {
    const req = t.http.post(BASE);
    if (product !== null) req.set('X-Product-Name', product);
    return req.send(body as object);
  };

  describe('a valid connection', () => {
    it('answers 201 with the connection, its lower-cased product and no secret', async () => {
      const body = connectionBody({ schema: 'public', metadata: { team: 'data', environment: 'prod' } });
      const res = await create(body, 'My-Product').expect(201);
      expectNoSecrets(res.body, [PASSWORD]);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        configName: body.configName,
        productName: 'my-product',
        type: 'POSTGRESQL',
        host: 'db.example.com',
        port: 5432,
        databaseName: 'app',
        userName: 'reporter',
        schema: 'public',
        metadata: { team: 'data', environment: 'prod' },
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      expect(res.headers.etag).toEqual(expect.any(String));
    });

    it('omits schema, ssl and metadata when not given (an empty metadata map is not returned)', async () => {
      const res = await create(connectionBody({ metadata: {} })).expect(201);
      expectNoSecrets(res.body, [PASSWORD]);
      expect(res.body).not.toHaveProperty('schema');
      expect(res.body).not.toHaveProperty('ssl');
      expect(res.body).not.toHaveProperty('metadata');
    });

    it('trims string fields but never the password', async () => {
      const res = await create(
        connectionBody({ configName: '  trimmed-name  ', type: ' MYSQL ', host: ' db.example.com ', databaseName: ' app ', userName: ' u ', schema: ' s ', password: '  spaced pass  ' }),
      ).expect(201);
      expectNoSecrets(res.body, ['spaced pass']);
      expect(res.body).toMatchObject({ configName: 'trimmed-name', type: 'MYSQL', host: 'db.example.com', databaseName: 'app', userName: 'u', schema: 's' });
      const row = await rows.row(res.body.id);
      expect(testCipher().open(String(row?.password_sealed), passwordContext(res.body.id))).toBe('  spaced pass  ');
    });

    it('accepts every engine type, IPv4 and IPv6 literals, and the limits themselves', async () => {
      for (const [i, type] of ['ORACLE', 'SQL_SERVER', 'POSTGRESQL', 'MONGODB', 'MYSQL'].entries()) {
        const res = await create(connectionBody({ type, host: i % 2 ? '10.1.2.3' : '2001:db8::10', port: i % 2 ? 1 : 65535 })).expect(201);
        expectNoSecrets(res.body, [PASSWORD]);
        expect(res.body.type).toBe(type);
      }
      const limits = connectionBody({
        configName: 'a'.repeat(100),
        host: `${'h'.repeat(63)}.${'h'.repeat(63)}.${'h'.repeat(63)}.${'h'.repeat(61)}`,
        databaseName: 'd'.repeat(128),
        userName: 'u'.repeat(128),
        password: 'p'.repeat(1024),
        schema: 's'.repeat(128),
        metadata: Object.fromEntries(Array.from({ length: 50 }, (_v, i) => [`${i}`.padEnd(100, 'k'), 'v'.repeat(2000)])),
      });
      const res = await create(limits).expect(201);
      expectNoSecrets(res.body, ['p'.repeat(1024)]);
      expect(Object.keys(res.body.metadata)).toHaveLength(50);
      await create(connectionBody({ configName: 'abc' })).expect(201);
    });

    it('stores ssl ca/cert, seals the key, and returns only the mode', async () => {
      const res = await create(connectionBody({ ssl: { mode: 'verify-full', ca: PEM_CERT, cert: PEM_CERT, key: PEM_KEY } })).expect(201);
      expectNoSecrets(res.body, [PASSWORD, 'MIGHAgEAMBMG', 'MIIBszCCAVmg']);
      expect(res.body.ssl).toEqual({ mode: 'verify-full' });
      const row = await rows.row(res.body.id);
      expect(row?.ssl_mode).toBe('verify-full');
      expect(row?.ssl_ca).toBe(PEM_CERT);
      const sealedKey = String(row?.ssl_key_sealed);
      expect(sealedKey).not.toContain('PRIVATE KEY');
      expect(testCipher().open(sealedKey, sslKeyContext(res.body.id))).toBe(PEM_KEY);
    });

    it('stores no plaintext password, and the sealed value does not open as another connection', async () => {
      const a = await create(connectionBody()).expect(201);
      const b = await create(connectionBody()).expect(201);
      expectNoSecrets(a.body, [PASSWORD]);
      expectNoSecrets(b.body, [PASSWORD]);
      const row = await rows.row(a.body.id);
      expect(row).toBeDefined();
      expect(JSON.stringify(row)).not.toContain(PASSWORD);
      const sealed = String(row?.password_sealed);
      expect(sealed).toMatch(/^v1:test:/);
      const cipher = testCipher();
      expect(cipher.open(sealed, passwordContext(a.body.id))).toBe(PASSWORD);
      expect(() => cipher.open(sealed, passwordContext(b.body.id))).toThrow();
      expect(() => cipher.open(sealed, sslKeyContext(a.body.id))).toThrow();
    });
  });

  describe('field rules → FET-0001 naming the field', () => {
    const bad: Array<[string, Record<string, unknown>, string]> = [
      ['configName of 2 chars', { configName: 'ab' }, 'configName'],
      ['configName of 101 chars', { configName: 'a'.repeat(101) }, 'configName'],
      ['configName with a dot', { configName: 'prod.db' }, 'configName'],
      ['configName with an inner space', { configName: 'prod db' }, 'configName'],
      ['configName as a number', { configName: 12345 }, 'configName'],
      ['type in lower case', { type: 'postgresql' }, 'type'],
      ['an unknown type', { type: 'SQLITE' }, 'type'],
      ['host with credentials', { host: 'user@db.example.com' }, 'host'],
      ['host with a port', { host: 'db.example.com:5432' }, 'host'],
      ['host with a path', { host: 'db.example.com/x' }, 'host'],
      ['host with a query', { host: 'db.example.com?x=1' }, 'host'],
      ['host with a fragment', { host: 'db#x' }, 'host'],
      ['host with a space', { host: 'db example.com' }, 'host'],
      ['host in brackets around a name', { host: '[db.example.com]' }, 'host'],
      ['host of 254 chars', { host: `${'h'.repeat(63)}.${'h'.repeat(63)}.${'h'.repeat(63)}.${'h'.repeat(62)}` }, 'host'],
      ['host label of 64 chars', { host: `${'h'.repeat(64)}.example.com` }, 'host'],
      ['port as a string', { port: '5432' }, 'port'],
      ['port 0', { port: 0 }, 'port'],
      ['port 65536', { port: 65536 }, 'port'],
      ['port with a fraction', { port: 5432.5 }, 'port'],
      ['databaseName of 129 chars', { databaseName: 'd'.repeat(129) }, 'databaseName'],
      ['userName of 129 chars', { userName: 'u'.repeat(129) }, 'userName'],
      ['userName as a number', { userName: 7 }, 'userName'],
      ['password of 1025 chars', { password: 'p'.repeat(1025) }, 'password'],
      ['password as a number', { password: 1234 }, 'password'],
      ['schema of 129 chars', { schema: 's'.repeat(129) }, 'schema'],
      ['ssl as a string', { ssl: 'require' }, 'ssl'],
      ['metadata as an array', { metadata: ['a'] }, 'metadata'],
      ['metadata with 51 keys', { metadata: Object.fromEntries(Array.from({ length: 51 }, (_v, i) => [`k${i}`, 'v'])) }, 'metadata'],
      ['metadata value as a number', { metadata: { n: 1 } }, 'metadata.n'],
      // PostgreSQL's text and jsonb cannot hold U+0000: refused on both stores alike, never a 500.
      ['databaseName with a NUL character', { databaseName: 'sales\u0000' }, 'databaseName'],
      ['userName with a NUL character', { userName: 'u\u0000ser' }, 'userName'],
      ['schema with a NUL character', { schema: '\u0000' }, 'schema'],
      ['a metadata value with a NUL character', { metadata: { team: 'fin\u0000ance' } }, 'metadata.team'],
      ['a metadata key with a NUL character', { metadata: { 'te\u0000am': 'finance' } }, 'metadata.te\u0000am'],
      ['MONGODB with metadata.directConnection "yes"', { type: 'MONGODB', metadata: { directConnection: 'yes' } }, 'metadata.directConnection'],
    ];
    it.each(bad)('%s', async (_name, override, field) => {
      const res = await create(connectionBody(override));
      expectFetError(res, 'FET-0001', [field]);
      // An error may name the password field, never its value.
      expect(JSON.stringify(res.body)).not.toContain(typeof override.password === 'string' ? override.password : PASSWORD);
    });

    it('names every invalid field at once', async () => {
      const res = await create(connectionBody({ configName: 'x', port: 70000, type: 'db2' }));
      expectFetError(res, 'FET-0001', ['configName', 'port', 'type']);
    });
  });

  describe('unexpected fields → FET-0400 listing them at any depth', () => {
    it('lists a top-level and a nested unknown field', async () => {
      const res = await create(connectionBody({ foo: 1, ssl: { mode: 'require', foo: 'x' } }));
      expectFetError(res, 'FET-0400', ['foo', 'ssl.foo']);
    });

    it('refuses the response-only fields (id, productName, createdAt)', async () => {
      const res = await create(connectionBody({ id: '019abcde-f012-7345-8678-9abcdef01234', productName: 'x', createdAt: 'now' }));
      expectFetError(res, 'FET-0400', ['createdAt', 'id', 'productName']);
    });
  });

  describe('missing fields → FET-0402 naming each', () => {
    it.each(REQUIRED)('%s absent', async (field) => {
      const body = connectionBody();
      delete body[field];
      expectFetError(await create(body), 'FET-0402', [field]);
    });

    it.each(REQUIRED)('%s null', async (field) => {
      expectFetError(await create(connectionBody({ [field]: null })), 'FET-0402', [field]);
    });

    it.each(['configName', 'type', 'host', 'databaseName', 'userName'])('%s blank after trimming', async (field) => {
      expectFetError(await create(connectionBody({ [field]: '   ' })), 'FET-0402', [field]);
    });

    it('an empty password', async () => {
      expectFetError(await create(connectionBody({ password: '' })), 'FET-0402', ['password']);
    });

    it('an empty object names all seven', async () => {
      expectFetError(await create({}), 'FET-0402', REQUIRED);
    });

    it('ssl without its mode names ssl.mode', async () => {
      expectFetError(await create(connectionBody({ ssl: { ca: PEM_CERT } })), 'FET-0402', ['ssl.mode']);
    });
  });

  describe('metadata → FET-0410 / 0411 / 0412 with metadata.<key> fields', () => {
    it('a nested object value → FET-0410', async () => {
      expectFetError(await create(connectionBody({ metadata: { team: { a: 'b' } } })), 'FET-0410', ['metadata.team']);
    });
    it('an array value → FET-0410', async () => {
      expectFetError(await create(connectionBody({ metadata: { tags: ['a'] } })), 'FET-0410', ['metadata.tags']);
    });
    it('a value of 2001 chars → FET-0411', async () => {
      expectFetError(await create(connectionBody({ metadata: { note: 'v'.repeat(2001) } })), 'FET-0411', ['metadata.note']);
    });
    it('a key of 101 chars → FET-0412', async () => {
      const key = 'k'.repeat(101);
      expectFetError(await create(connectionBody({ metadata: { [key]: 'v' } })), 'FET-0412', [`metadata.${key}`]);
    });
  });

  describe('ssl → FET-0413', () => {
    it.each([
      ['an unknown mode', { mode: 'prefer' }, 'ssl.mode'],
      ['a ca that is not PEM', { mode: 'verify-ca', ca: 'not a certificate' }, 'ssl.ca'],
      ['a cert that is not PEM', { mode: 'verify-ca', cert: '-----BEGIN CERTIFICATE-----' }, 'ssl.cert'],
      ['a key that is not a string', { mode: 'require', key: 42 }, 'ssl.key'],
      ['a ca holding a NUL character', { mode: 'verify-ca', ca: '-----BEGIN CERTIFICATE-----\nAA\u0000A\n-----END CERTIFICATE-----\n' }, 'ssl.ca'],
      ['a ca over 64 KiB', { mode: 'verify-ca', ca: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(64 * 1024)}\n-----END CERTIFICATE-----\n` }, 'ssl.ca'],
    ])('%s', async (_name, ssl, field) => {
      const res = await create(connectionBody({ ssl }));
      expectFetError(res, 'FET-0413', [field]);
      expectNoSecrets(res.body, [PASSWORD]);
    });
  });

  describe('one error per request, in the order 0400 → 0402 → 0410/0411/0412 → 0413 → 0414 → 0001', () => {
    it('unexpected beats missing', async () => {
      expectFetError(await create({ extra: true }), 'FET-0400', ['extra']);
    });
    it('missing beats metadata', async () => {
      expectFetError(await create(connectionBody({ host: null, metadata: { a: { b: 'c' } } })), 'FET-0402', ['host']);
    });
    it('0410 beats 0411 beats 0412', async () => {
      const long = 'k'.repeat(101);
      expectFetError(await create(connectionBody({ metadata: { a: { b: 'c' }, b: 'v'.repeat(2001), [long]: 'v' } })), 'FET-0410', ['metadata.a']);
      expectFetError(await create(connectionBody({ metadata: { b: 'v'.repeat(2001), [long]: 'v' } })), 'FET-0411', ['metadata.b']);
    });
    it('metadata beats ssl', async () => {
      expectFetError(await create(connectionBody({ metadata: { b: 'v'.repeat(2001) }, ssl: { mode: 'bad' } })), 'FET-0411', ['metadata.b']);
    });
    it('ssl beats a forbidden host', async () => {
      expectFetError(await create(connectionBody({ ssl: { mode: 'bad' }, host: '169.254.169.254' })), 'FET-0413', ['ssl.mode']);
    });
    it('a forbidden host (cloud metadata address) → FET-0414, beating other invalid values', async () => {
      expectFetError(await create(connectionBody({ host: '169.254.169.254' })), 'FET-0414', ['host']);
      const res = await create(connectionBody({ host: '169.254.169.254', port: '5432' }));
      expectFetError(res, 'FET-0414', ['host']);
      expect(JSON.stringify(res.body)).not.toContain('169.254');
    });
    it('ssl beats an invalid value', async () => {
      expectFetError(await create(connectionBody({ ssl: { mode: 'bad' }, port: '5432' })), 'FET-0413', ['ssl.mode']);
    });
    it('the same bad request always gives the same code and fields', async () => {
      const body = connectionBody({ configName: 'x', port: 'a', host: 'a b' });
      const first = await create(body);
      const second = await create(body);
      expect(second.status).toBe(first.status);
      expect(second.body).toEqual(first.body);
    });
  });

  describe('the body itself', () => {
    it('malformed JSON → 400 FET-0001', async () => {
      const res = await t.http.post(BASE).set('X-Product-Name', 'reports').set('Content-Type', 'application/json').send('{"configName": "x",');
      expectFetError(res, 'FET-0001');
    });
    it('a non-JSON content type → 400 FET-0001', async () => {
      const res = await t.http.post(BASE).set('X-Product-Name', 'reports').set('Content-Type', 'text/plain').send(JSON.stringify(connectionBody()));
      expectFetError(res, 'FET-0001');
    });
    it('a form post → 400 FET-0001', async () => {
      const res = await t.http.post(BASE).set('X-Product-Name', 'reports').type('form').send('configName=abc');
      expectFetError(res, 'FET-0001');
    });
    it('an array body → 400 FET-0001', async () => {
      expectFetError(await create([connectionBody()]), 'FET-0001');
    });
    it('a JSON string body → 400 FET-0001', async () => {
      const res = await t.http.post(BASE).set('X-Product-Name', 'reports').set('Content-Type', 'application/json').send('"text"');
      expectFetError(res, 'FET-0001');
    });
    it('a body over 1 MiB → 413 FET-0415', async () => {
      const res = await create(connectionBody({ metadata: { big: 'x'.repeat(1024 * 1024 + 10) } }));
      expectFetError(res, 'FET-0415');
    });
  });

  describe('X-Product-Name → FET-0403', () => {
    it.each([
      ['missing', null],
      ['blank', '   '],
      ['with a space', 'my product'],
      ['with a dot', 'my.product'],
      ['of 101 chars', 'p'.repeat(101)],
    ])('%s', async (_name, header) => {
      const res = await create(connectionBody(), header);
      expectFetError(res, 'FET-0403', ['X-Product-Name']);
    });

    it('is trimmed, lower-cased and may be 100 chars', async () => {
      const trimmed = await create(connectionBody(), '  Sales_Team-1  ').expect(201);
      expectNoSecrets(trimmed.body, [PASSWORD]);
      expect(trimmed.body.productName).toBe('sales_team-1');
      const long = await create(connectionBody(), 'P'.repeat(100)).expect(201);
      expectNoSecrets(long.body, [PASSWORD]);
      expect(long.body.productName).toBe('p'.repeat(100));
    });
  });

  describe('configName uniqueness → 409 FET-1002', () => {
    it('compares case-insensitively, across products of the organization', async () => {
      const first = await create(connectionBody({ configName: 'Sales-Warehouse' })).expect(201);
      expectNoSecrets(first.body, [PASSWORD]);
      expectFetError(await create(connectionBody({ configName: 'sales-warehouse' })), 'FET-1002');
      expectFetError(await create(connectionBody({ configName: ' SALES-WAREHOUSE ' }), 'other-product'), 'FET-1002');
    });
  });
});

import { Client } from 'pg';
import { Response } from 'supertest';
import { expectFetError } from './support/fet-expect';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import {
  PostgresSchemaFixture,
  createPostgresSchemaFixture,
  POSTGRES_FIXTURE_READABLE_TABLES,
} from './support/schema-fixtures';
import {
  TestApp,
  createPostgresDatabase,
  createTestApp,
  expectNoSecrets,
} from './support/test-app';
import { freePort } from './support/ports';
import { localPostgresBody } from './support/store-rows';

const BASE = '/v1/management/connections';
const PASSWORD = 'never-shown-9f3e';
const PRODUCT = 'reports';

async function createConnection(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const response = await t.http
    .post(BASE)
    .set('X-Product-Name', PRODUCT)
    .send(localPostgresBody(5432, { password: PASSWORD, ...body }))
    .expect(201);
  return (response.body as { id: string }).id;
}

const validate = (t: TestApp, mappedFields: unknown, product?: string) => {
  const call = t.http.post(`${BASE}/validate-schema`);
  if (product) call.set('X-Product-Name', product);
  return call.send({ mappedFields });
};

const errorsOf = (response: Response) => {
  expect(response.status).toBe(422);
  expect((response.body as { code: string }).code).toBe('FET-1060');
  return (response.body as { errors: unknown[] }).errors;
};

describeWithPostgres('schema discovery and validate-schema on a real PostgreSQL', () => {
  let fixture: PostgresSchemaFixture;
  let t: TestApp;
  let pgId: string;
  let downPort: number;
  const admin = () => new Client({ connectionString: fixture.adminUrl });
  const asAdmin = async (sql: string) => {
    const client = admin();
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    fixture = await createPostgresSchemaFixture(TEST_DATABASE_URL!);
    t = await createTestApp({ store: 'sqlite', env: { CONNECTION_TEST_RATE_LIMIT: '1000' } });
    downPort = await freePort();
    pgId = await createConnection(t, {
      configName: 'pg_reports',
      databaseName: fixture.database,
      userName: fixture.reader,
    });
  });
  afterAll(async () => {
    await t?.close();
    await fixture?.drop();
  });

  describe('GET :id/schema', () => {
    it('discovers what the account can read: sorted tables, qualified names outside public, real case, no secrets', async () => {
      const response = await t.http.get(`${BASE}/${pgId}/schema`).expect(200);
      const body = response.body as {
        id: string;
        configName: string;
        databaseName: string;
        type: string;
        discoveredAt: string;
        tables: { name: string; kind: string; fields: string[]; columns: unknown[] }[];
      };
      expect(body).toMatchObject({
        id: pgId,
        configName: 'pg_reports',
        databaseName: fixture.database,
        type: 'POSTGRESQL',
      });
      expect(new Date(body.discoveredAt).toISOString()).toBe(body.discoveredAt);
      expect(body.tables.map((table) => table.name)).toEqual(POSTGRES_FIXTURE_READABLE_TABLES);
      expect(body.tables.find((table) => table.name === 'orders')).toEqual({
        name: 'orders',
        kind: 'table',
        fields: ['amount', 'id', 'note'],
        columns: [
          { name: 'amount', type: 'numeric(12,2)', nullable: false, primaryKey: false },
          { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
          { name: 'note', type: 'text', nullable: true, primaryKey: false },
        ],
      });
      expect(body.tables.find((table) => table.name === 'order_totals')?.kind).toBe('view');
      expect(body.tables.find((table) => table.name === 'partly')?.fields).toEqual([
        'id',
        'visible',
      ]);
      expectNoSecrets(body, [PASSWORD]);
    });

    it('limits discovery to ?schema=a,b', async () => {
      const response = await t.http
        .get(`${BASE}/${pgId}/schema`)
        .query({ schema: 'sales, archive' })
        .expect(200);
      expect(
        (response.body as { tables: { name: string }[] }).tables.map((table) => table.name),
      ).toEqual(['archive.orders', 'sales.Deals', 'sales.regions']);
    });

    it('limits discovery to ?tables=<glob>,<glob>, matched against the name as shown, with whole columns', async () => {
      const response = await t.http
        .get(`${BASE}/${pgId}/schema`)
        .query({ tables: 'order_*, sales.*,orders' })
        .expect(200);
      const body = response.body as { id: string; tables: { name: string; fields: string[] }[] };
      expect(body.id).toBe(pgId);
      expect(body.tables.map((table) => table.name)).toEqual([
        'order_lines',
        'order_notes',
        'order_totals',
        'orders',
        'sales.Deals',
        'sales.regions',
      ]);
      expect(body.tables.find((table) => table.name === 'orders')?.fields).toEqual([
        'amount',
        'id',
        'note',
      ]);
      const none = await t.http
        .get(`${BASE}/${pgId}/schema`)
        .query({ tables: 'nothing*,secret_stuff', schema: 'public' })
        .expect(200);
      expect((none.body as { tables: unknown[] }).tables).toEqual([]);
    });

    it('a filtered discovery leaves the cached full schema as it is (validate-schema still sees every table)', async () => {
      const id = await createConnection(t, {
        configName: 'pg_slices',
        databaseName: fixture.database,
        userName: fixture.reader,
      });
      await t.http.get(`${BASE}/${id}/schema`).expect(200);
      await t.http.get(`${BASE}/${id}/schema`).query({ tables: 'orders' }).expect(200);
      await validate(t, { pg_slices: { order_lines: ['sku'], 'sales.regions': ['name'] } }).expect(
        200,
      );
    });

    it('refuses bad ?tables= values with FET-0405 and reads nothing', async () => {
      const before = await t.http.get(`${BASE}/${pgId}/history`);
      for (const [tables, message] of [
        ['', 'must not hold a blank table pattern'],
        ['orders,,x', 'must not hold a blank table pattern'],
        ['x'.repeat(258), 'each table pattern must be at most 257 characters'],
        ['a\u0000b', 'a table pattern must not hold control characters'],
        [
          Array.from({ length: 51 }, (_, i) => `t${i}`).join(','),
          'must hold at most 50 table patterns',
        ],
      ]) {
        const response = await t.http.get(`${BASE}/${pgId}/schema`).query({ tables });
        expect(expectFetError(response, 'FET-0405', ['tables']).tables).toBe(message);
      }
      expectFetError(await t.http.get(`${BASE}/${pgId}/schema?tables=a&tables=b`), 'FET-0405', [
        'tables',
      ]);
      const after = await t.http.get(`${BASE}/${pgId}/history`);
      expect(after.body).toEqual(before.body);
    });

    it('names tables of the connection’s own default schema unqualified', async () => {
      const id = await createConnection(t, {
        configName: 'pg_sales_default',
        databaseName: fixture.database,
        userName: fixture.reader,
        schema: 'sales',
      });
      const response = await t.http
        .get(`${BASE}/${id}/schema`)
        .query({ schema: 'sales,public' })
        .expect(200);
      expect(
        (response.body as { tables: { name: string }[] }).tables.map((table) => table.name),
      ).toContain('Deals');
      expect(
        (response.body as { tables: { name: string }[] }).tables.map((table) => table.name),
      ).toContain('public.orders');
    });

    it('refuses an unknown query parameter, a bad id, an unknown id, another product and a bad header', async () => {
      expectFetError(
        await t.http.get(`${BASE}/${pgId}/schema`).query({ schemas: 'x' }),
        'FET-0405',
        ['schemas'],
      );
      expectFetError(
        await t.http.get(`${BASE}/${pgId}/schema`).query({ schema: ' ' }),
        'FET-0405',
        ['schema'],
      );
      expectFetError(await t.http.get(`${BASE}/not-a-uuid/schema`), 'FET-0404', ['id']);
      expectFetError(
        await t.http.get(`${BASE}/0190a0b0-0000-7000-8000-000000000000/schema`),
        'FET-1001',
      );
      expectFetError(
        await t.http.get(`${BASE}/${pgId}/schema`).set('X-Product-Name', 'other'),
        'FET-1001',
      );
      expectFetError(
        await t.http.get(`${BASE}/${pgId}/schema`).set('X-Product-Name', 'bad name!'),
        'FET-0403',
        ['X-Product-Name'],
      );
    });

    it('answers 502 FET-1040 with the reason when the database cannot be reached', async () => {
      const refused = await createConnection(t, {
        configName: 'pg_refused',
        port: downPort,
        databaseName: 'x',
        userName: 'x',
      });
      const fields = expectFetError(await t.http.get(`${BASE}/${refused}/schema`), 'FET-1040');
      expect(fields.reason).toBe('CONNECTION_REFUSED');
      const missing = await createConnection(t, {
        configName: 'pg_no_db',
        databaseName: `${fixture.database}_nope`,
        userName: fixture.reader,
      });
      expect(expectFetError(await t.http.get(`${BASE}/${missing}/schema`), 'FET-1040').reason).toBe(
        'DATABASE_NOT_FOUND',
      );
    });

    it('answers 502 FET-1041 when the connection works but the catalog cannot be read', async () => {
      const database = await createPostgresDatabase(TEST_DATABASE_URL!);
      try {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        await client.query(
          `REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC; GRANT CONNECT ON DATABASE ${new URL(database.url).pathname.slice(1)} TO ${fixture.reader}`,
        );
        await client.end();
        const id = await createConnection(t, {
          configName: 'pg_no_catalog',
          databaseName: new URL(database.url).pathname.slice(1),
          userName: fixture.reader,
        });
        const response = await t.http.get(`${BASE}/${id}/schema`);
        expectFetError(response, 'FET-1041');
        expectNoSecrets(response.body, [PASSWORD]);
        expect(JSON.stringify(response.body)).not.toMatch(/permission denied|pg_class/);
      } finally {
        await database.drop();
      }
    });
  });

  describe('POST validate-schema', () => {
    it('succeeds when every mapped table and field exists (public.t ≡ t, qualified schemas, real case)', async () => {
      const response = await validate(t, {
        pg_reports: {
          orders: ['id', 'amount'],
          'public.order_lines': ['sku', 'line_no'],
          'sales.Deals': ['Amount'],
          MixedCase: ['CamelColumn', 'with space'],
          order_totals: [],
        },
      }).expect(200);
      expect(response.body).toEqual({ status: 'success', message: expect.any(String) as string });
    });

    it('resolves the data source name case-insensitively', async () => {
      await validate(t, { PG_Reports: { orders: ['id'] } }).expect(200);
    });

    it('lists every problem, sorted by data source, table, field, with close suggestions', async () => {
      const errors = errorsOf(
        await validate(t, {
          pg_reports: {
            orders: ['amout', 'ID', 'id', 'zzzzzzzz'],
            ordrs: ['id'],
            secret_stuff: ['id'],
            partly: ['invisible', 'visible'],
            mixedcase: ['CamelColumn'],
          },
          nope: { t: ['f'] },
        }),
      );
      expect(errors).toEqual([
        { type: 'DATA_SOURCE_NOT_FOUND', dataSourceId: 'nope' },
        {
          type: 'TABLE_NOT_FOUND',
          dataSourceId: 'pg_reports',
          table: 'mixedcase',
          suggestion: 'MixedCase',
        },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'pg_reports',
          table: 'orders',
          field: 'ID',
          suggestion: 'id',
        },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'pg_reports',
          table: 'orders',
          field: 'amout',
          suggestion: 'amount',
        },
        { type: 'FIELD_NOT_FOUND', dataSourceId: 'pg_reports', table: 'orders', field: 'zzzzzzzz' },
        {
          type: 'TABLE_NOT_FOUND',
          dataSourceId: 'pg_reports',
          table: 'ordrs',
          suggestion: 'orders',
        },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'pg_reports',
          table: 'partly',
          field: 'invisible',
          suggestion: 'visible',
        },
        { type: 'TABLE_NOT_FOUND', dataSourceId: 'pg_reports', table: 'secret_stuff' },
      ]);
    });

    it('reports a data source that cannot be reached as DATA_SOURCE_DOWN and still checks the others', async () => {
      await createConnection(t, {
        configName: 'pg_down',
        port: downPort,
        databaseName: 'x',
        userName: 'x',
      });
      const errors = errorsOf(
        await validate(t, {
          pg_down: { orders: ['id'] },
          pg_reports: { orders: ['id', 'amonut'] },
        }),
      );
      expect(errors).toEqual([
        { type: 'DATA_SOURCE_DOWN', dataSourceId: 'pg_down' },
        {
          type: 'FIELD_NOT_FOUND',
          dataSourceId: 'pg_reports',
          table: 'orders',
          field: 'amonut',
          suggestion: 'amount',
        },
      ]);
    });

    it('answers 400 FET-1062 when none of the named connections exists, or none in the given product', async () => {
      expectFetError(await validate(t, { nope: { t: ['f'] }, other: { t: ['f'] } }), 'FET-1062');
      expectFetError(
        await validate(t, { pg_reports: { orders: ['id'] } }, 'another-product'),
        'FET-1062',
      );
      await validate(t, { pg_reports: { orders: ['id'] } }, 'Reports').expect(200);
    });

    it('refuses malformed bodies with one code each', async () => {
      const post = (body: unknown) => t.http.post(`${BASE}/validate-schema`).send(body as object);
      expectFetError(
        await post({ mappedFields: { pg_reports: { orders: ['id'] } }, extra: true }),
        'FET-0400',
        ['extra'],
      );
      expectFetError(await post({}), 'FET-0402', ['mappedFields']);
      expectFetError(await post({ mappedFields: null }), 'FET-0402', ['mappedFields']);
      expectFetError(await post({ mappedFields: {} }), 'FET-0401', ['mappedFields']);
      expectFetError(await post({ mappedFields: { pg_reports: { ' ': ['id'] } } }), 'FET-0401', [
        'mappedFields.pg_reports. ',
      ]);
      expectFetError(await post({ mappedFields: { pg_reports: { orders: 'id' } } }), 'FET-0001', [
        'mappedFields.pg_reports.orders',
      ]);
      expectFetError(
        await post({ mappedFields: { pg_reports: { orders: Array(51).fill('id') } } }),
        'FET-1061',
        ['mappedFields.pg_reports.orders'],
      );
      expectFetError(await post([]), 'FET-0001');
      expectFetError(
        await t.http
          .post(`${BASE}/validate-schema`)
          .set('Content-Type', 'text/plain')
          .send('{"mappedFields":{}}'),
        'FET-0001',
        ['Content-Type'],
      );
      expectFetError(
        await t.http
          .post(`${BASE}/validate-schema`)
          .set('Content-Type', 'application/json')
          .send('{"mappedFields":'),
        'FET-0001',
      );
    });

    it('reads the cached schema while fresh; a PATCH makes it stale at once', async () => {
      await t.http.get(`${BASE}/${pgId}/schema`).expect(200);
      await asAdmin(
        `CREATE TABLE late_table (id int, label text); GRANT SELECT ON late_table TO ${fixture.reader}`,
      );
      try {
        const cached = errorsOf(await validate(t, { pg_reports: { late_table: ['label'] } }));
        expect(cached).toEqual([
          { type: 'TABLE_NOT_FOUND', dataSourceId: 'pg_reports', table: 'late_table' },
        ]);
        await t.http
          .patch(`${BASE}/${pgId}`)
          .send({ metadata: { touched: 'yes' } })
          .expect(200);
        await validate(t, { pg_reports: { late_table: ['label'] } }).expect(200);
      } finally {
        await asAdmin('DROP TABLE late_table');
      }
    });

    it('GET :id/schema refreshes the cache that validate-schema reads', async () => {
      await validate(t, { pg_reports: { orders: ['id'] } }).expect(200);
      await asAdmin(
        `CREATE TABLE later_table (id int); GRANT SELECT ON later_table TO ${fixture.reader}`,
      );
      try {
        errorsOf(await validate(t, { pg_reports: { later_table: ['id'] } }));
        const schema = await t.http.get(`${BASE}/${pgId}/schema`).expect(200);
        expect(
          (schema.body as { tables: { name: string }[] }).tables.map((table) => table.name),
        ).toContain('later_table');
        await validate(t, { pg_reports: { later_table: ['id'] } }).expect(200);
      } finally {
        await asAdmin('DROP TABLE later_table');
      }
    });

    it('a deleted connection no longer resolves', async () => {
      const id = await createConnection(t, {
        configName: 'pg_gone',
        databaseName: fixture.database,
        userName: fixture.reader,
      });
      await validate(t, { pg_gone: { orders: ['id'] } }).expect(200);
      await t.http.delete(`${BASE}/${id}`).expect(204);
      expectFetError(await validate(t, { pg_gone: { orders: ['id'] } }), 'FET-1062');
    });
  });
});

describe('schema routes in the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store: 'sqlite' });
  });
  afterAll(() => t?.close());

  it('documents both routes, the response shape and their FET codes', async () => {
    const response = await t.http.get('/docs-json').expect(200);
    const paths = (
      response.body as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { description?: string }> }>
        >;
      }
    ).paths;
    const schema = paths['/v1/management/connections/{id}/schema']?.get;
    const validateRoute = paths['/v1/management/connections/validate-schema']?.post;
    expect(Object.keys(schema?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '404', '429', '502']),
    );
    expect(schema?.responses['502']?.description).toMatch(/FET-1040.*FET-1041/);
    expect(Object.keys(validateRoute?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '422', '429']),
    );
    expect(validateRoute?.responses['400']?.description).toMatch(
      /FET-1061.*FET-1062|FET-1062.*FET-1061/,
    );
    const schemas = (
      response.body as {
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      }
    ).components.schemas;
    expect(Object.keys(schemas.SchemaTable?.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'kind', 'fields', 'columns']),
    );
  });
});

describeWithPostgres('schema routes behind the host policy and the rate limits', () => {
  let t: TestApp;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp({
      store: 'sqlite',
      env: { HOST_DENY_CIDRS: '127.0.0.0/8,::1/128', CONNECTION_TEST_RATE_LIMIT: '2' },
    });
    id = await createConnection(t, {
      configName: 'pg_local',
      host: 'localhost',
      databaseName: 'postgres',
      userName: 'postgres',
    });
  });
  afterAll(() => t?.close());

  it('answers 400 FET-0414 on schema and validate-schema when the host resolves into a denied range', async () => {
    const fields = expectFetError(await t.http.get(`${BASE}/${id}/schema`), 'FET-0414');
    expect(JSON.stringify(fields)).not.toMatch(/localhost|127\./);
    expectFetError(await validate(t, { pg_local: { t: ['f'] } }), 'FET-0414');
  });

  it('limits discoveries per connection with 429 FET-0429 and Retry-After', async () => {
    const other = await createConnection(t, {
      configName: 'pg_limited',
      host: 'localhost',
      databaseName: 'postgres',
      userName: 'postgres',
    });
    expectFetError(await t.http.get(`${BASE}/${other}/schema`), 'FET-0414');
    expectFetError(await t.http.get(`${BASE}/${other}/schema`), 'FET-0414');
    const limited = await t.http.get(`${BASE}/${other}/schema`);
    expectFetError(limited, 'FET-0429');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits uncached validations per organization with 429 FET-0429', async () => {
    // The first validation above already counted once; one more is allowed, then refused.
    expectFetError(await validate(t, { pg_local: { t: ['f'] } }), 'FET-0414');
    const limited = await validate(t, { pg_local: { t: ['f'] } });
    expectFetError(limited, 'FET-0429');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

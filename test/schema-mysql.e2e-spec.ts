import { TEST_MYSQL_URL, describeWithMysql } from './support/real-servers';
import { MysqlSchemaFixture, createMysqlSchemaFixture } from './support/schema-fixtures';
import { connectionBody } from './support/store-rows';
import { TestApp, createTestApp, expectNoSecrets } from './support/test-app';

const BASE = '/v1/management/connections';

describeWithMysql('schema discovery and validate-schema on a real MariaDB', () => {
  let fixture: MysqlSchemaFixture;
  let t: TestApp;
  let id: string;

  beforeAll(async () => {
    fixture = await createMysqlSchemaFixture(TEST_MYSQL_URL!);
    t = await createTestApp({ store: 'sqlite' });
    const server = new URL(TEST_MYSQL_URL!);
    const created = await t.http
      .post(BASE)
      .set('X-Product-Name', 'reports')
      .send(
        connectionBody({
          configName: 'maria_reports',
          type: 'MYSQL',
          host: server.hostname,
          port: Number(server.port || 3306),
          databaseName: fixture.main,
          userName: fixture.user,
          password: fixture.password,
        }),
      )
      .expect(201);
    id = (created.body as { id: string }).id;
  });
  afterAll(async () => {
    await t?.close();
    await fixture?.drop();
  });

  it('discovers the granted tables of every database, its own database unqualified, without secrets', async () => {
    const response = await t.http.get(`${BASE}/${id}/schema`).expect(200);
    const body = response.body as {
      type: string;
      tables: { name: string; kind: string; fields: string[] }[];
    };
    expect(body.type).toBe('MYSQL');
    expect(body.tables.map((table) => table.name)).toEqual([
      'MixedCase',
      `${fixture.other}.regions`,
      'no_pk',
      'order_lines',
      'order_totals',
      'orders',
      'partly',
    ]);
    expect(body.tables.find((table) => table.name === 'order_totals')?.kind).toBe('view');
    expect(body.tables.find((table) => table.name === 'partly')?.fields).toEqual(['id', 'visible']);
    expectNoSecrets(body, [fixture.password]);
  });

  it('limits discovery to ?schema=<database>', async () => {
    const response = await t.http
      .get(`${BASE}/${id}/schema`)
      .query({ schema: fixture.other })
      .expect(200);
    expect(
      (response.body as { tables: { name: string }[] }).tables.map((table) => table.name),
    ).toEqual([`${fixture.other}.regions`]);
  });

  it('validates with exact names: a case difference is not found but suggested', async () => {
    await t.http
      .post(`${BASE}/validate-schema`)
      .send({
        mappedFields: {
          maria_reports: {
            orders: ['id', 'amount'],
            MixedCase: ['CamelColumn'],
            [`${fixture.other}.regions`]: ['name'],
          },
        },
      })
      .expect(200);
    const response = await t.http
      .post(`${BASE}/validate-schema`)
      .send({
        mappedFields: {
          maria_reports: { mixedcase: ['CamelColumn'], orders: ['Amount'], secret_stuff: ['id'] },
        },
      })
      .expect(422);
    expect((response.body as { errors: unknown[] }).errors).toEqual([
      {
        type: 'TABLE_NOT_FOUND',
        dataSourceId: 'maria_reports',
        table: 'mixedcase',
        suggestion: 'MixedCase',
      },
      {
        type: 'FIELD_NOT_FOUND',
        dataSourceId: 'maria_reports',
        table: 'orders',
        field: 'Amount',
        suggestion: 'amount',
      },
      { type: 'TABLE_NOT_FOUND', dataSourceId: 'maria_reports', table: 'secret_stuff' },
    ]);
  });
});

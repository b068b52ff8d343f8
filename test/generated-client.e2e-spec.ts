import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Middleware } from 'openapi-fetch';
import { Client } from 'pg';
import { OPENAPI_FILE } from '../scripts/openapi-export';
import type { RunConnectionsScenario } from './client/connections-scenario.types';
import { generateClientTypes } from './support/generated-client';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import { opensshPrivateKey, someHostKeyFingerprint } from './support/ssh-keys';
import { openStoreRows } from './support/store-rows';
import { TestApp, createPostgresDatabase, createTestApp } from './support/test-app';
import { createTlsFixtures } from './support/tls-fixtures';
import { typeCheck } from './support/type-check';

// Generation, a whole-program type-check, a booted app and a real PostgreSQL.
jest.setTimeout(120_000);

/**
 * A client generated from the committed document is a test like any other: openapi-typescript
 * generates the types of openapi/connections-api.json, the client scenario
 * (test/client/connections-client.scenario.ts, what a client author writes with openapi-fetch)
 * must compile against them under strict settings, and then runs against the listening service.
 * The scenario is left out of `npm run typecheck` (the types it imports exist only once this spec
 * has generated them) and checked here instead.
 */
const SCENARIO_FILE = resolve(__dirname, 'client', 'connections-client.scenario.ts');
const PRODUCT = 'finance-reports';
const FINGERPRINT = someHostKeyFingerprint();
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Every operation of the committed document, as `GET /v1/management/connections/{id}`, → the statuses it documents. */
function documentedOperations(): Map<string, string[]> {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  };
  return new Map(
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]): [string, string[]] => [
          `${method.toUpperCase()} ${path}`,
          Object.keys(operation.responses ?? {}),
        ]),
    ),
  );
}

describe('a client generated from openapi/connections-api.json: types', () => {
  beforeAll(async () => {
    await generateClientTypes(OPENAPI_FILE);
  });

  it('the client scenario type-checks against them (tsc, strict, noUncheckedIndexedAccess)', () => {
    const diagnostics = typeCheck([SCENARIO_FILE], {
      strict: true,
      noUncheckedIndexedAccess: true,
      types: ['node'],
    });
    // Thrown rather than compared, so tsc's lines print as tsc prints them.
    if (diagnostics !== '')
      throw new Error(
        `the client scenario does not compile against the generated types:\n${diagnostics}`,
      );
  });
});

describeWithPostgres(
  'a client generated from openapi/connections-api.json: against the listening service',
  () => {
    const tables = `
      CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12,2) NOT NULL, issued_on date NOT NULL);
      CREATE SCHEMA billing;
      CREATE TABLE billing.payments (id bigint PRIMARY KEY, invoice_id bigint NOT NULL, paid_at timestamptz NOT NULL);
    `;
    let database: { url: string; drop(): Promise<void> };
    let t: TestApp;
    let baseUrl: string;
    let unassignedId: string;
    let caPem: string;

    beforeAll(async () => {
      database = await createPostgresDatabase(TEST_DATABASE_URL!);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(tables);
      } finally {
        await client.end();
      }
      const tls = createTlsFixtures();
      caPem = tls.caPem;
      tls.dispose();
      t = await createTestApp({ store: 'sqlite' });
      const rows = await openStoreRows(t);
      try {
        unassignedId = await rows.insert({ configName: 'legacy-warehouse', productName: null });
      } finally {
        await rows.close();
      }
      await t.app.listen(0, '127.0.0.1');
      baseUrl = await t.app.getUrl();
    });
    afterAll(async () => {
      await t?.close();
      await database?.drop();
    });

    it('runs the scenario: every documented operation answers, and the answers are what the types promise', async () => {
      const calls: Array<{ operation: string; status: string }> = [];
      const recorder: Middleware = {
        onResponse: ({ request, schemaPath, response }) => {
          calls.push({
            operation: `${request.method} ${schemaPath}`,
            status: String(response.status),
          });
        },
      };
      const { runConnectionsScenario }: { runConnectionsScenario: RunConnectionsScenario } =
        await import(SCENARIO_FILE);
      const server = new URL(database.url);
      const report = await runConnectionsScenario({
        baseUrl,
        product: PRODUCT,
        database: {
          host: '127.0.0.1',
          port: Number(server.port || 5432),
          databaseName: server.pathname.slice(1),
          userName: decodeURIComponent(server.username),
          password: decodeURIComponent(server.password) || 'unused-under-trust-auth',
        },
        caPem,
        sshTunnel: { privateKey: opensshPrivateKey(), hostKeyFingerprint: FINGERPRINT },
        unassignedId,
        middleware: [recorder],
      });

      const id = report.created.id;
      expect(report.created).toEqual({
        id,
        configName: 'finance-reporting',
        productName: PRODUCT,
        sslMode: 'require',
        metadata: { environment: 'staging', team: 'finance' },
        requestId: expect.any(String),
      });
      expect(report.listed).toEqual({ ids: [id], total: 1, page: 1, limit: 20 });
      expect(report.etag).toMatch(/^"[^"]+"$/);
      expect(report.patched).toEqual({
        schema: 'public',
        sslMode: undefined,
        metadata: undefined,
        etag: expect.stringMatching(/^"[^"]+"$/),
      });
      expect(report.patched.etag).not.toBe(report.etag);
      expect(report.stalePatch).toEqual({ status: 412, code: 'FET-0416' });
      expect(report.cloned).toEqual({
        id: expect.not.stringMatching(id),
        configName: 'finance-reporting-copy',
        productName: PRODUCT,
        host: '127.0.0.1',
        port: Number(server.port || 5432),
        databaseName: server.pathname.slice(1),
        userName: decodeURIComponent(server.username),
        schema: 'public',
        sslMode: undefined,
        etag: expect.stringMatching(/^"[^"]+"$/),
        test: 'success',
        takenName: { status: 409, code: 'FET-1002' },
      });
      expect(report.test).toEqual({
        status: 'success',
        stages: ['resolve:ok', 'connect:ok', 'tls:skipped', 'authenticate:ok', 'query:ok'],
        serverVersion: expect.stringMatching(/^PostgreSQL \d+/),
      });
      // Tested before saving with the same settings: the same report, and nothing stored (the
      // list above holds only the connection created after it).
      expect(report.unsavedTest).toEqual(report.test);
      expect(report.discoveredTables).toEqual([
        'billing.payments(id,invoice_id,paid_at)',
        'invoices(amount,customer_id,id,issued_on)',
      ]);
      expect(report.validation).toEqual({
        status: 422,
        code: 'FET-1060',
        errors: [
          {
            type: 'FIELD_NOT_FOUND',
            dataSourceId: 'finance-reporting',
            table: 'invoices',
            field: 'custmer_id',
            suggestion: 'customer_id',
          },
        ],
      });
      expect(report.imported).toEqual({
        type: 'POSTGRESQL',
        databaseName: server.pathname.slice(1),
        userName: decodeURIComponent(server.username),
        schema: 'billing',
        sslMode: 'disable',
        metadata: { source: 'uri' },
        etag: expect.stringMatching(/^"[^"]+"$/),
        test: 'success',
        refused: { status: 400, code: 'FET-0400', fields: ['hostaddr'] },
      });
      expect(report.tunnel).toEqual({
        created: {
          host: 'bastion.example.com',
          port: 22,
          userName: 'tunnel',
          hostKeyFingerprint: FINGERPRINT,
        },
        repinned: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
        moved: {
          status: 400,
          code: 'FET-0402',
          fields: ['password', 'sshTunnel.password', 'sshTunnel.privateKey'],
        },
        removed: true,
      });
      expect(report.unassignedIds).toEqual([unassignedId]);
      expect(report.assigned).toEqual({ id: unassignedId, productName: PRODUCT });
      expect(report.deleted).toEqual({ status: 204, thenGet: { status: 404, code: 'FET-1001' } });
      const event = (action: string, changed: string[] = [], more: object = {}) => ({
        action,
        actor: 'anonymous',
        changed,
        password: undefined,
        outcome: undefined,
        targetId: undefined,
        ...more,
      });
      expect(report.history).toEqual({
        total: 6,
        events: [
          event('deleted'),
          event('discovered', [], { outcome: 'success' }),
          event('copied', [], { targetId: report.cloned.id }),
          event('tested', [], { outcome: 'success' }),
          event('updated', ['password', 'schema', 'ssl.mode', 'ssl.ca', 'metadata'], {
            password: { changed: true },
          }),
          event(
            'created',
            [
              'configName',
              'productName',
              'type',
              'host',
              'port',
              'databaseName',
              'userName',
              'password',
              'ssl.mode',
              'ssl.ca',
              'metadata',
            ],
            { password: { changed: true } },
          ),
        ],
      });

      // Every route was used, and every answer had a status its operation documents (the generated
      // `data`/`error` types are built from those).
      const operations = documentedOperations();
      const called = new Set(calls.map((call) => call.operation));
      expect({
        notCalled: [...operations.keys()].filter((operation) => !called.has(operation)),
        undocumentedAnswers: calls.filter(
          (call) => !operations.get(call.operation)?.includes(call.status),
        ),
      }).toEqual({ notCalled: [], undocumentedAnswers: [] });
    });
  },
);

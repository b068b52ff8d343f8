import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { v5 as uuidv5 } from 'uuid';
import { passwordContext, sslKeyContext } from '../src/connections/domain/secret-contexts';
import { ProvisioningError } from '../src/connections/provisioning/provisioning-error';
import { expectFetError } from './support/fet-expect';
import { freePort } from './support/ports';
import {
  BASE,
  StoreRows,
  StoredRow,
  connectionBody,
  describeEachStore,
  openStoreRows,
  testCipher,
} from './support/store-rows';
import {
  StoreKind,
  TestApp,
  createPostgresDatabase,
  createTestApp,
  expectNoSecrets,
} from './support/test-app';

// Real stores, booted again and again: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(120_000);

/** The URL namespace, as spec §3.15 names it. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const idOf = (organization: string, configName: string) =>
  uuidv5(`${organization}/${configName}`, URL_NAMESPACE);

const PEM_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPROVKEY\n-----END PRIVATE KEY-----\n';
/** The secrets of the file, read from the environment: no answer ever carries one. */
const SECRETS = {
  PROV_PG_PASSWORD: 'Prov-pg-S3cret-1a2b',
  PROV_MYSQL_PASSWORD: 'Prov-my-S3cret-3c4d',
  PROV_MSSQL_PASSWORD: 'Prov-ms-S3cret-5e6f',
  PROV_ORACLE_PASSWORD: 'Prov-or-S3cret-7a8b',
  PROV_MONGO_PASSWORD: 'Prov-mo-S3cret-9c0d',
  PROV_TLS_KEY: PEM_KEY,
};
const SECRET_VALUES = Object.values(SECRETS);
const VARIABLES = { ...SECRETS, PROV_REGION: 'eu' };

const IDS = {
  pg: idOf('default', 'sales-pg'),
  mysql: idOf('default', 'orders-mysql'),
  mssql: idOf('default', 'ledger-mssql'),
  oracle: idOf('default', 'hr-oracle'),
  mongo: idOf('acme', 'events-mongo'),
};

interface PgTarget {
  port: number;
  database: string;
}

/** One entry per engine; `overrides` replaces an entry's lines (by configName), `null` removes it. */
function provisioningFile(pg: PgTarget, overrides: Record<string, string | null> = {}): string {
  const entries: Record<string, string> = {
    'sales-pg': `
  - configName: sales-pg
    productName: Reports
    type: POSTGRESQL
    host: 127.0.0.1
    port: ${pg.port}
    databaseName: ${pg.database}
    userName: postgres
    password: \${PROV_PG_PASSWORD}
    ssl: { mode: disable }
    metadata: { team: finance, region: "\${PROV_REGION}" }`,
    'orders-mysql': `
  - configName: orders-mysql
    productName: reports
    type: MYSQL
    host: mysql.example.invalid
    port: 3306
    databaseName: orders
    userName: reporter
    password: \${PROV_MYSQL_PASSWORD}`,
    'ledger-mssql': `
  - configName: ledger-mssql
    type: SQL_SERVER
    host: mssql.example.invalid
    port: 1433
    databaseName: ledger
    userName: reporter
    password: \${PROV_MSSQL_PASSWORD}
    schema: dbo
    ssl: { mode: verify-full, key: "\${PROV_TLS_KEY}" }`,
    'hr-oracle': `
  - configName: hr-oracle
    type: ORACLE
    host: oracle.example.invalid
    port: 1521
    databaseName: HRPDB
    userName: hr_reader
    password: \${PROV_ORACLE_PASSWORD}
    metadata: { serviceName: HRPDB.example }`,
    'events-mongo': `
  - organization: acme
    configName: events-mongo
    productName: analytics
    type: MONGODB
    host: mongo-\${PROV_REGION}.example.invalid
    port: 27017
    databaseName: events
    userName: reader
    password: \${PROV_MONGO_PASSWORD}
    metadata: { authSource: admin, directConnection: "true" }`,
  };
  const lines = Object.entries({ ...entries, ...overrides })
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([, text]) => text);
  return `# Connections declared by operators\nconnections:${lines.join('')}\n`;
}

interface Listed {
  id: string;
  configName: string;
  [field: string]: unknown;
}

describeEachStore('provisioned connections (PROVISIONING_FILE, spec §3.15)', (store: StoreKind) => {
  const files = mkdtempSync(join(tmpdir(), 'cs-provisioning-'));
  let storeEnv: Record<string, string>;
  let rows: StoreRows;
  let pg: PgTarget;
  let drop: () => Promise<void> = () => Promise.resolve();
  let t: TestApp | undefined;
  let ordinaryId: string;

  beforeAll(async () => {
    if (store === 'postgres') {
      const server = String(process.env.TEST_DATABASE_URL);
      const [storeDb, target] = await Promise.all([
        createPostgresDatabase(server),
        createPostgresDatabase(server),
      ]);
      const client = new Client({ connectionString: target.url });
      await client.connect();
      await client.query('CREATE TABLE orders (id integer, amount numeric)');
      await client.end();
      storeEnv = { DATABASE_URL: storeDb.url };
      const url = new URL(target.url);
      pg = { port: Number(url.port || 5432), database: url.pathname.slice(1) };
      rows = await openStoreRows({ storeUrl: storeDb.url } as TestApp);
      drop = async () => {
        await Promise.all([storeDb.drop(), target.drop()]);
      };
    } else {
      // The embedded store, kept in a directory of the suite's own from boot to boot; the
      // PostgreSQL entry points at a closed port here (its test runs, and fails to connect).
      const dataDir = mkdtempSync(join(tmpdir(), 'cs-provisioning-store-'));
      storeEnv = { DATA_DIR: dataDir };
      pg = { port: await freePort(), database: 'sales' };
      rows = await openStoreRows({ dataDir } as TestApp);
      drop = () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true }));
    }
  });
  afterAll(async () => {
    await t?.close();
    await rows?.close();
    await drop();
    rmSync(files, { recursive: true, force: true });
  });

  let fileNumber = 0;
  /** Boots the app on the suite's store with `file` as PROVISIONING_FILE (none: the variable unset). */
  const boot = async (
    file?: string,
    variables: Record<string, string> = VARIABLES,
  ): Promise<TestApp> => {
    await t?.close();
    t = undefined;
    const env: Record<string, string> = { ...storeEnv, ...variables };
    if (file !== undefined) {
      fileNumber += 1;
      env.PROVISIONING_FILE = join(files, `connections-${fileNumber}.yaml`);
      writeFileSync(env.PROVISIONING_FILE, file);
    }
    t = await createTestApp({ env });
    return t;
  };
  const app = (): TestApp => {
    if (!t) throw new Error('no app booted');
    return t;
  };
  const listed = async (): Promise<Listed[]> => {
    const res = await app()
      .http.get(BASE)
      .query({ limit: 100, sortBy: 'configName', sortOrder: 'asc' })
      .expect(200);
    expectNoSecrets(res.body, SECRET_VALUES);
    return res.body.items as Listed[];
  };
  /** Every row of the file's first connections, as the store holds them (one query at a time: one client). */
  const snapshot = async (): Promise<Record<string, StoredRow | undefined>> => {
    const found: Record<string, StoredRow | undefined> = {};
    for (const id of Object.values(IDS)) found[id] = await rows.row(id);
    return found;
  };
  const opened = (row: StoredRow | undefined, id: string) =>
    testCipher().open(String(row?.password_sealed), passwordContext(id));

  describe('the first boot', () => {
    beforeAll(async () => {
      await boot(provisioningFile(pg));
      const created = await app()
        .http.post(BASE)
        .set('X-Product-Name', 'reports')
        .send(connectionBody({ configName: 'ordinary-db' }))
        .expect(201);
      ordinaryId = String(created.body.id);
    });

    it('stores an entry of each engine under the UUIDv5 of <organization>/<configName>, with provisioned: true', async () => {
      const items = await listed();
      expect(
        items.map(({ id, configName, type, productName, provisioned }) => ({
          id,
          configName,
          type,
          productName,
          provisioned,
        })),
      ).toEqual([
        {
          id: IDS.oracle,
          configName: 'hr-oracle',
          type: 'ORACLE',
          productName: undefined,
          provisioned: true,
        },
        {
          id: IDS.mssql,
          configName: 'ledger-mssql',
          type: 'SQL_SERVER',
          productName: undefined,
          provisioned: true,
        },
        {
          id: IDS.mysql,
          configName: 'orders-mysql',
          type: 'MYSQL',
          productName: 'reports',
          provisioned: true,
        },
        {
          id: ordinaryId,
          configName: 'ordinary-db',
          type: 'POSTGRESQL',
          productName: 'reports',
          provisioned: undefined,
        },
        {
          id: IDS.pg,
          configName: 'sales-pg',
          type: 'POSTGRESQL',
          productName: 'reports',
          provisioned: true,
        },
      ]);
      const get = await app().http.get(`${BASE}/${IDS.pg}`).expect(200);
      expect(get.body).toEqual({
        id: IDS.pg,
        configName: 'sales-pg',
        productName: 'reports',
        type: 'POSTGRESQL',
        host: '127.0.0.1',
        port: pg.port,
        databaseName: pg.database,
        userName: 'postgres',
        ssl: { mode: 'disable' },
        metadata: { team: 'finance', region: 'eu' },
        provisioned: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(
        Object.keys((await app().http.get(`${BASE}/${ordinaryId}`).expect(200)).body),
      ).not.toContain('provisioned');
    });

    it('keeps each organization apart, and seals every secret under its connection id', async () => {
      // Authentication is off: every request is in `default`, so acme's entry is not in reach.
      expectFetError(await app().http.get(`${BASE}/${IDS.mongo}`), 'FET-1001');
      const mongo = await rows.row(IDS.mongo);
      expect({
        organization: mongo?.organization_id,
        product: mongo?.product_name,
        host: mongo?.host,
        provisioned: Boolean(mongo?.provisioned),
      }).toEqual({
        organization: 'acme',
        product: 'analytics',
        host: 'mongo-eu.example.invalid',
        provisioned: true,
      });
      expect(opened(mongo, IDS.mongo)).toBe(SECRETS.PROV_MONGO_PASSWORD);
      const mssql = await rows.row(IDS.mssql);
      expect(testCipher().open(String(mssql?.ssl_key_sealed), sslKeyContext(IDS.mssql))).toBe(
        PEM_KEY,
      );
      for (const id of Object.values(IDS)) {
        const text = JSON.stringify(await rows.row(id));
        for (const secret of SECRET_VALUES) expect(text).not.toContain(secret);
      }
    });

    it('PATCH and DELETE → 409 FET-1017, and the connection stays as it was', async () => {
      const before = await rows.row(IDS.pg);
      expectFetError(await app().http.patch(`${BASE}/${IDS.pg}`).send({ port: 6543 }), 'FET-1017');
      expectFetError(await app().http.delete(`${BASE}/${IDS.pg}`), 'FET-1017');
      expectFetError(await app().http.delete(`${BASE}/${IDS.oracle}`), 'FET-1017');
      // Validation and the product filter answer first, as on any connection.
      expectFetError(await app().http.patch(`${BASE}/${IDS.pg}`).send({ port: 'x' }), 'FET-0001');
      expectFetError(
        await app().http.delete(`${BASE}/${IDS.pg}`).set('X-Product-Name', 'billing'),
        'FET-1001',
      );
      expect(await rows.row(IDS.pg)).toEqual(before);
    });

    it('test, schema and validate-schema work on a provisioned connection', async () => {
      const tested = await app().http.post(`${BASE}/${IDS.pg}/test`).expect(200);
      const validated = await app()
        .http.post(`${BASE}/validate-schema`)
        .send({ mappedFields: { 'sales-pg': { orders: ['id', 'amount'] } } });
      if (store === 'postgres') {
        expect(tested.body.status).toBe('success');
        const schema = await app().http.get(`${BASE}/${IDS.pg}/schema`).expect(200);
        expect(JSON.stringify(schema.body)).toContain('"orders"');
        expect({ status: validated.status, body: validated.body as unknown }).toEqual({
          status: 200,
          body: { status: 'success', message: expect.any(String) },
        });
      } else {
        // Nothing listens on the entry's port: the test ran and says why it failed.
        expect(tested.body).toMatchObject({
          status: 'failure',
          error: { reason: 'CONNECTION_REFUSED' },
        });
        expectFetError(await app().http.get(`${BASE}/${IDS.pg}/schema`), 'FET-1040');
        expect(validated.status).toBe(422);
      }
      expectNoSecrets(tested.body, SECRET_VALUES);
    });

    it('assign gives an entry without productName its product once; one that names a product is assigned already', async () => {
      const assigned = await app()
        .http.post(`${BASE}/${IDS.mssql}/assign`)
        .set('X-Product-Name', 'Ledger')
        .expect(200);
      expect(assigned.body).toMatchObject({
        id: IDS.mssql,
        productName: 'ledger',
        provisioned: true,
      });
      expectFetError(
        await app().http.post(`${BASE}/${IDS.mssql}/assign`).set('X-Product-Name', 'other'),
        'FET-1015',
      );
      expectFetError(
        await app().http.post(`${BASE}/${IDS.pg}/assign`).set('X-Product-Name', 'other'),
        'FET-1015',
      );
      const unassigned = await app().http.get(`${BASE}/unassigned`).expect(200);
      expect((unassigned.body.items as Listed[]).map((item) => item.id)).toEqual([IDS.oracle]);
    });
  });

  it('a second boot with the same file writes nothing, and the product assign gave survives it', async () => {
    const before = await snapshot();
    const events = await rows.events();
    await boot(provisioningFile(pg));
    expect(await snapshot()).toEqual(before);
    expect(await rows.events()).toEqual(events);
    expect((await app().http.get(`${BASE}/${IDS.mssql}`).expect(200)).body.productName).toBe(
      'ledger',
    );
  });

  it('an edited file is applied at the next boot: changed entries updated, a removed one soft-deleted, a new one stored', async () => {
    const before = await snapshot();
    const replica = idOf('default', 'sales-replica');
    await boot(
      provisioningFile(pg, {
        'hr-oracle': null,
        'sales-replica': `
  - configName: sales-replica
    type: POSTGRESQL
    host: replica.example.invalid
    port: 5432
    databaseName: sales
    userName: reader
    password: \${PROV_PG_PASSWORD}`,
        'orders-mysql': `
  - configName: orders-mysql
    productName: reports
    type: MYSQL
    host: mysql.example.invalid
    port: 3307
    databaseName: orders
    userName: reporter
    password: \${PROV_MYSQL_PASSWORD}`,
      }),
      {
        ...VARIABLES,
        PROV_PG_PASSWORD: 'Prov-pg-N3w-secret',
        PROV_TLS_KEY: PEM_KEY.replace('PROVKEY', 'NEWKEY'),
      },
    );
    const after = await snapshot();
    // sales-pg: only its password changed: sealed again, under its own id.
    expect(after[IDS.pg]?.password_sealed).not.toEqual(before[IDS.pg]?.password_sealed);
    expect(opened(after[IDS.pg], IDS.pg)).toBe('Prov-pg-N3w-secret');
    expect({ ...after[IDS.pg], password_sealed: 'x', updated_at: 'x' }).toEqual({
      ...before[IDS.pg],
      password_sealed: 'x',
      updated_at: 'x',
    });
    // orders-mysql: its port changed; its password did not, so its sealed value is the same.
    expect(after[IDS.mysql]?.port).toBe(3307);
    expect(after[IDS.mysql]?.password_sealed).toEqual(before[IDS.mysql]?.password_sealed);
    // ledger-mssql: only its TLS key changed; the product assign gave is kept.
    expect(after[IDS.mssql]?.ssl_key_sealed).not.toEqual(before[IDS.mssql]?.ssl_key_sealed);
    expect(after[IDS.mssql]?.password_sealed).toEqual(before[IDS.mssql]?.password_sealed);
    expect(after[IDS.mssql]?.product_name).toBe('ledger');
    // events-mongo did not change at all.
    expect(after[IDS.mongo]).toEqual(before[IDS.mongo]);
    // hr-oracle left the file: soft-deleted, gone from every route.
    expect(after[IDS.oracle]?.deleted_at).not.toBeNull();
    expectFetError(await app().http.get(`${BASE}/${IDS.oracle}`), 'FET-1001');
    const items = await listed();
    expect(items.map((item) => item.configName)).toEqual([
      'ledger-mssql',
      'orders-mysql',
      'ordinary-db',
      'sales-pg',
      'sales-replica',
    ]);
    expect(items.find((item) => item.configName === 'sales-replica')).toMatchObject({
      id: replica,
      provisioned: true,
    });
    expect(items.find((item) => item.configName === 'orders-mysql')?.updatedAt).not.toBe(
      new Date(Number(before[IDS.mysql]?.updated_at)).toISOString(),
    );
  });

  it('an entry whose configName an ordinary connection holds fails the boot, naming the entry; nothing is written', async () => {
    const before = await snapshot();
    const events = await rows.events();
    const file = `${provisioningFile(pg)}  - { configName: ORDINARY-DB, type: MYSQL, host: 127.0.0.1, port: 3306, databaseName: a, userName: b, password: "\${PROV_MYSQL_PASSWORD}" }\n`;
    const failed = await boot(file).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ProvisioningError);
    expect((failed as ProvisioningError).message).toBe(
      'Invalid provisioning file (PROVISIONING_FILE): connections[5].configName: is held by a connection that is not provisioned (rename the entry, or delete or rename that connection)',
    );
    expect(await snapshot()).toEqual(before);
    expect(await rows.events()).toEqual(events);
    expect((await rows.row(ordinaryId))?.deleted_at).toBeNull();
  });

  it('PROVISIONING_FILE unset: the provisioned connections are left as they are', async () => {
    const before = await snapshot();
    await boot();
    expect(await snapshot()).toEqual(before);
    expect((await listed()).filter((item) => item.provisioned)).toHaveLength(4);
  });

  it('connections: [] removes every provisioned connection, and no other', async () => {
    await boot('connections: []\n');
    const items = await listed();
    expect(items.map((item) => item.id)).toEqual([ordinaryId]);
    for (const id of [IDS.pg, IDS.mysql, IDS.mssql, IDS.mongo, idOf('default', 'sales-replica')]) {
      expect((await rows.row(id))?.deleted_at).not.toBeNull();
    }
  });

  it('an entry that comes back gets its id, and its row, back', async () => {
    await boot(
      provisioningFile(pg, {
        'orders-mysql': null,
        'ledger-mssql': null,
        'hr-oracle': null,
        'events-mongo': null,
      }),
    );
    const items = await listed();
    expect(
      items.map((item) => [item.id, item.configName, item.productName, item.provisioned]),
    ).toEqual([
      [ordinaryId, 'ordinary-db', 'reports', undefined],
      [IDS.pg, 'sales-pg', 'reports', true],
    ]);
    expect((await rows.row(IDS.pg))?.deleted_at).toBeNull();
    expect(opened(await rows.row(IDS.pg), IDS.pg)).toBe(SECRETS.PROV_PG_PASSWORD);
  });

  it('each provisioning change is in the history (spec §3.14): by `provisioning`, without a request id, with its changes', async () => {
    interface Event {
      action: string;
      actor: string;
      requestId?: string;
      changes?: Record<string, unknown>;
    }
    const trail = async (id: string): Promise<Event[]> => {
      const res = await app().http.get(`${BASE}/${id}/history?limit=100`).expect(200);
      for (const secret of [...SECRET_VALUES, 'Prov-pg-N3w-secret', 'BEGIN'])
        expect(res.text).not.toContain(secret);
      return (res.body.items as Event[]).filter((event) => event.actor === 'provisioning');
    };
    const initial = (changes: Record<string, unknown>): unknown[] => [
      'provisioned',
      expect.objectContaining({ password: { changed: true }, ...changes }),
    ];
    // sales-pg: provisioned, its password changed by an edited file, removed by `connections: []`, back.
    const pgTrail = await trail(IDS.pg);
    expect(pgTrail.map((event) => [event.action, event.changes])).toEqual([
      initial({
        configName: { from: null, to: 'sales-pg' },
        productName: { from: null, to: 'reports' },
      }),
      ['deleted', undefined],
      ['updated', { password: { changed: true } }],
      initial({ 'ssl.mode': { from: null, to: 'disable' } }),
    ]);
    for (const event of pgTrail) expect(event).not.toHaveProperty('requestId');
    // orders-mysql: its port changed, then it was removed (its trail stays readable).
    expect((await trail(IDS.mysql)).map((event) => [event.action, event.changes])).toEqual([
      ['deleted', undefined],
      ['updated', { port: { from: 3306, to: 3307 } }],
      initial({ configName: { from: null, to: 'orders-mysql' }, port: { from: null, to: 3306 } }),
    ]);
    // ledger-mssql: only its TLS key changed; the product came from assign, by the API's actor.
    expect((await trail(IDS.mssql)).map((event) => [event.action, event.changes])).toEqual([
      ['deleted', undefined],
      ['updated', { 'ssl.key': { changed: true } }],
      initial({ 'ssl.key': { changed: true } }),
    ]);
    const all = (await app().http.get(`${BASE}/${IDS.mssql}/history?limit=100`).expect(200)).body
      .items as Event[];
    expect(all.filter((event) => event.action === 'assigned').map((event) => event.actor)).toEqual([
      'anonymous',
    ]);
    // hr-oracle: provisioned, then removed from the file.
    expect((await trail(IDS.oracle)).map((event) => event.action)).toEqual([
      'deleted',
      'provisioned',
    ]);
  });
});

import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { ConnectionQuery } from '../src/connections/domain/connection-page';
import { ConnectionEntity } from '../src/connections/persistence/connection.entity';
import { HistoryEventEntity } from '../src/connections/persistence/history-event.entity';
import { TypeOrmConnectionRepository } from '../src/connections/persistence/typeorm-connection.repository';
import { MIGRATIONS } from '../src/store/migrations';
import { AddLiveConnectionCounts1765180800001 } from '../src/store/migrations/1765180800001-add-live-connection-counts';
import { AddProductListIndex1765180800000 } from '../src/store/migrations/1765180800000-add-product-list-index';
import { describeEachStore } from './support/store-rows';
import { StoreKind, createPostgresDatabase } from './support/test-app';

// Real stores: the e2e project's testTimeout is not applied per project by Jest 30.
jest.setTimeout(60_000);

const PRODUCT = 'reports';
const BIG = 'org-big';

/** Every statement the store is sent, with its parameters (the repository's exact SQL). */
class StatementLog implements TypeOrmLogger {
  statements: Array<{ query: string; parameters: unknown[] }> = [];
  logQuery(query: string, parameters?: unknown[]): void {
    this.statements.push({ query, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * The read path sends its statements straight through the pg pool (store-reads.ts), past TypeORM's
 * logger, some as named prepared statements (a query config object): record those too.
 */
type PoolQuery = string | { text: string; values?: unknown[] };
function recordPoolQueries(dataSource: DataSource, log: StatementLog): void {
  const pool = (dataSource.driver as unknown as { master: { query: (query: PoolQuery, values?: unknown[]) => Promise<unknown> } }).master;
  const query = pool.query.bind(pool);
  pool.query = (sent: PoolQuery, values?: unknown[]) => {
    const [text, parameters] = typeof sent === 'string' ? [sent, values] : [sent.text, sent.values];
    log.statements.push({ query: text, parameters: parameters ?? [] });
    return query(sent, values);
  };
}

describeEachStore('The store at platform size: list index and live counters', (store: StoreKind) => {
  let dataSource: DataSource;
  let log: StatementLog;
  let drop: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    log = new StatementLog();
    const common = { entities: [ConnectionEntity, HistoryEventEntity], migrations: MIGRATIONS, logger: log, synchronize: false };
    if (store === 'postgres') {
      const database = await createPostgresDatabase(String(process.env.TEST_DATABASE_URL));
      drop = database.drop;
      dataSource = new DataSource({ ...common, type: 'postgres', url: database.url });
    } else {
      dataSource = new DataSource({ ...common, type: 'better-sqlite3', database: ':memory:' });
    }
    await dataSource.initialize();
    if (store === 'postgres') recordPoolQueries(dataSource, log);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await drop();
  });

  let serial = 0;
  /** `live` live and `deleted` soft-deleted rows of one organization and product, written with plain SQL. */
  const insertRows = async (organization: string, product: string | null, live: number, deleted = 0) => {
    const rows: unknown[][] = [];
    for (let n = 0; n < live + deleted; n += 1) {
      serial += 1;
      const id = `0190a000-0000-7000-8000-${String(serial).padStart(12, '0')}`;
      const at = 1_700_000_000_000 + serial;
      rows.push([id, organization, product, `conn-${serial}`, `conn-${serial}`, 'POSTGRESQL', 'db.example.com', 5432, 'app', 'reader', 'v1:k:n:c', '{}', at, at, n < live ? null : at]);
    }
    const columns =
      'id, organization_id, product_name, config_name, config_name_key, type, host, port, database_name, user_name, password_sealed, metadata, created_at, updated_at, deleted_at';
    for (let start = 0; start < rows.length; start += 500) {
      const batch = rows.slice(start, start + 500);
      const values: unknown[] = [];
      const tuples = batch.map((row) => `(${row.map((value) => (values.push(value), store === 'postgres' ? `$${values.length}` : '?')).join(', ')})`);
      await dataSource.query(`INSERT INTO connections (${columns}) VALUES ${tuples.join(', ')}`, values);
    }
  };

  /** The counters' totals and COUNT(*) over the live rows, per organization and product ('' = none). */
  const totals = async () => {
    const counted = await dataSource.query<Array<{ o: string; p: string; n: number | string }>>(
      'SELECT organization_id AS o, product_key AS p, SUM(live) AS n FROM connection_counts GROUP BY organization_id, product_key HAVING SUM(live) <> 0 ORDER BY 1, 2',
    );
    const actual = await dataSource.query<Array<{ o: string; p: string; n: number | string }>>(
      `SELECT organization_id AS o, COALESCE(product_name, '') AS p, COUNT(*) AS n FROM connections WHERE deleted_at IS NULL
        GROUP BY organization_id, COALESCE(product_name, '') ORDER BY 1, 2`,
    );
    const plain = (rows: Array<{ o: string; p: string; n: number | string }>) => rows.map((row) => `${row.o}/${row.p}: ${Number(row.n)}`);
    return { counted: plain(counted), actual: plain(actual) };
  };

  const objectNames = async (): Promise<string[]> => {
    const rows =
      store === 'postgres'
        ? await dataSource.query<Array<{ name: string }>>(
            `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'
             UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
             UNION ALL SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
          )
        : await dataSource.query<Array<{ name: string }>>("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
    return rows.map((row) => row.name).sort();
  };

  it('migrates up over existing rows, counts them, keeps counting every write, and migrates down', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const migrated = await objectNames();
    expect(migrated).toEqual(expect.arrayContaining(['connection_counts', 'ix_connections_live_product_created']));
    // Down: both new migrations undone, nothing of theirs left.
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.undoLastMigration({ transaction: 'each' });
    const before = await objectNames();
    expect(before.filter((name) => name.includes('connection_counts') || name === 'ix_connections_live_product_created')).toEqual([]);

    // Up again over rows written before the counters existed.
    await insertRows('org-a', PRODUCT, 7, 2);
    await insertRows('org-a', null, 3, 1);
    await insertRows('org-b', PRODUCT, 4);
    const pending = await dataSource.runMigrations({ transaction: 'each' });
    expect(pending.map((migration) => migration.name)).toEqual([AddProductListIndex1765180800000.name, AddLiveConnectionCounts1765180800001.name]);
    expect(await objectNames()).toEqual(migrated);
    expect((await totals()).counted).toEqual(['org-a/: 3', 'org-a/reports: 7', 'org-b/reports: 4']);

    // Every kind of write, by any SQL: the counters follow COUNT(*).
    await insertRows('org-b', 'other', 5, 3);
    await dataSource.query(`UPDATE connections SET deleted_at = 1 WHERE organization_id = 'org-a' AND product_name IS NULL AND deleted_at IS NULL AND config_name_key = (SELECT MIN(config_name_key) FROM connections WHERE organization_id = 'org-a' AND product_name IS NULL AND deleted_at IS NULL)`);
    await dataSource.query(`UPDATE connections SET product_name = '${PRODUCT}' WHERE organization_id = 'org-a' AND product_name IS NULL AND deleted_at IS NULL`);
    await dataSource.query(`UPDATE connections SET host = 'elsewhere.example.com', product_name = product_name, deleted_at = deleted_at`);
    await dataSource.query(`DELETE FROM connections WHERE organization_id = 'org-b' AND product_name = 'other' AND deleted_at IS NULL AND config_name_key IN (SELECT config_name_key FROM connections WHERE organization_id = 'org-b' AND product_name = 'other' ORDER BY 1 LIMIT 2)`);
    const { counted, actual } = await totals();
    expect(counted).toEqual(actual);
    expect(counted).toEqual(['org-a/reports: 9', 'org-b/other: 3', 'org-b/reports: 4']);
    await dataSource.query('DELETE FROM connections');
    expect((await totals()).counted).toEqual([]);
  });

  describe('on a seeded table', () => {
    let repository: TypeOrmConnectionRepository;
    const list = (query: Partial<ConnectionQuery>) =>
      repository.findPage({ organizationId: BIG, sortBy: 'createdAt', sortOrder: 'desc', page: 1, limit: 10, ...query });

    beforeAll(async () => {
      await dataSource.query('DELETE FROM connections');
      // One large organization among many small ones: 2,400 live rows, 3,000 with the deleted ones.
      await insertRows(BIG, PRODUCT, 1_200, 60);
      await insertRows(BIG, 'other', 200, 10);
      await insertRows(BIG, null, 100, 5);
      for (let n = 0; n < 30; n += 1) await insertRows(`org-${n}`, PRODUCT, 30, 5);
      await dataSource.query(store === 'postgres' ? 'VACUUM ANALYZE connections' : 'ANALYZE');
      repository = new TypeOrmConnectionRepository(dataSource);
    });

    /** The plans of the statements `work` sent to the store, as text. */
    const plansOf = async (work: () => Promise<unknown>): Promise<string[]> => {
      log.statements = [];
      await work();
      const sent = log.statements;
      log.statements = [];
      const plans: string[] = [];
      for (const { query, parameters } of sent) {
        const rows = await dataSource.query<Array<Record<string, unknown>>>(
          store === 'postgres' ? `EXPLAIN ${query}` : `EXPLAIN QUERY PLAN ${query}`,
          parameters,
        );
        plans.push(rows.map((row) => String(store === 'postgres' ? row['QUERY PLAN'] : row.detail)).join('\n'));
      }
      return plans;
    };

    it('gives exact totals from the counters, and COUNT(*) when a filter applies', async () => {
      expect((await list({ productName: PRODUCT })).total).toBe(1_200);
      expect((await list({})).total).toBe(1_500);
      expect((await list({ productName: null })).total).toBe(100);
      expect((await list({ organizationId: 'org-3', productName: PRODUCT })).total).toBe(30);
      expect((await list({ organizationId: 'nobody' })).total).toBe(0);
      expect((await list({ productName: PRODUCT, type: 'MYSQL' })).total).toBe(0);
      const page = await list({ productName: PRODUCT, host: 'DB.example.com', page: 120, limit: 10 });
      expect(page.total).toBe(1_200);
      expect(page.items).toHaveLength(10);
      expect((await list({ productName: PRODUCT, page: 121 })).items).toEqual([]);
    });

    it('pages past the first page in the order of the first, without gaps', async () => {
      const whole = await list({ productName: PRODUCT, limit: 100, page: 1 });
      const second = await list({ productName: PRODUCT, limit: 10, page: 2 });
      const tenth = await list({ productName: PRODUCT, limit: 10, page: 10 });
      expect(second.items.map((item) => item.id)).toEqual(whole.items.slice(10, 20).map((item) => item.id));
      expect(tenth.items.map((item) => item.id)).toEqual(whole.items.slice(90, 100).map((item) => item.id));
      const ascending = await list({ productName: PRODUCT, sortOrder: 'asc', limit: 10, page: 120 });
      expect(ascending.items).toHaveLength(10);
      expect(ascending.items[9].createdAt.getTime()).toBeGreaterThan(ascending.items[0].createdAt.getTime());
    });

    it('plans the list through its indexes and the total through the counters', async () => {
      const [firstPage, total] = await plansOf(() => list({ productName: PRODUCT }));
      expect(firstPage).toContain('ix_connections_live_product_created');
      expect(total).toContain('connection_counts');
      expect(total).not.toMatch(/\bconnections\b/);
      const [pageHundred] = await plansOf(() => list({ productName: PRODUCT, page: 100 }));
      expect(pageHundred).toContain('ix_connections_live_product_created');
      if (store === 'postgres') expect(pageHundred).toContain('Index Only Scan');
      const [anyProduct] = await plansOf(() => list({ page: 100 }));
      expect(anyProduct).toContain('ix_connections_live_created');
      // The unassigned list: either index, as the planner judges the product's share of the organization.
      const [unassigned] = await plansOf(() => list({ productName: null }));
      expect(unassigned).toMatch(/ix_connections_live_(product_)?created/);
      for (const plan of [firstPage, total, pageHundred, anyProduct, unassigned]) expect(plan).not.toMatch(/Seq Scan on connections\b|SCAN connections\b/);
    });

    it('finds connections by config names through the live config-name index, with one statement text for any count of names', async () => {
      const nameOf = async (where: string) =>
        (await dataSource.query<Array<{ name: string }>>(`SELECT config_name AS name FROM connections WHERE ${where} ORDER BY id LIMIT 1`))[0].name;
      const reports = await nameOf(`organization_id = '${BIG}' AND product_name = '${PRODUCT}' AND deleted_at IS NULL`);
      const other = await nameOf(`organization_id = '${BIG}' AND product_name = 'other' AND deleted_at IS NULL`);
      const deleted = await nameOf(`organization_id = '${BIG}' AND deleted_at IS NOT NULL`);
      const elsewhere = await nameOf(`organization_id = 'org-0'`);
      const names = [reports.toUpperCase(), other, reports, deleted, elsewhere, 'nothing'];
      const found = await repository.findByConfigNames(BIG, names);
      expect(found.map((connection) => connection.configName).sort()).toEqual([reports, other].sort());
      expect((await repository.findByConfigNames(BIG, names, 'other')).map((connection) => connection.configName)).toEqual([other]);
      expect((await repository.findByConfigNames('org-0', names)).map((connection) => connection.configName)).toEqual([elsewhere]);
      // Names are free text: quotes, commas, braces and backslashes reach the store as they are (one array parameter on PostgreSQL).
      const odd = 'Odd "name", {with} \\ NULL';
      const [{ id: oddId }] = await dataSource.query<Array<{ id: string }>>(`SELECT id FROM connections WHERE organization_id = 'org-1' ORDER BY id LIMIT 1`);
      await dataSource.query(
        `UPDATE connections SET config_name = ${store === 'postgres' ? '$1' : '?'}, config_name_key = ${store === 'postgres' ? '$2' : '?'} WHERE id = '${oddId}'`,
        [odd, odd.toLowerCase()],
      );
      expect((await repository.findByConfigNames('org-1', [odd.toUpperCase(), 'NULL'])).map((connection) => connection.configName)).toEqual([odd]);
      const [plan] = await plansOf(() => repository.findByConfigNames(BIG, names, PRODUCT));
      expect(plan).toContain('uq_connections_live_config_name');
      expect(plan).not.toMatch(/Seq Scan on connections\b|SCAN connections\b/);
      log.statements = [];
      await repository.findByConfigNames(BIG, [reports]);
      await repository.findByConfigNames(BIG, names);
      const [one, six] = log.statements;
      // PostgreSQL: the names are one array parameter, so one named prepared statement serves every request.
      if (store === 'postgres') expect(one.query).toBe(six.query);
      else expect(six.parameters).toHaveLength(one.parameters.length + 5);
    });

    it('plans get through the primary key', async () => {
      const [{ id }] = await dataSource.query<Array<{ id: string }>>(`SELECT id FROM connections WHERE organization_id = '${BIG}' AND deleted_at IS NULL LIMIT 1`);
      const [get] = await plansOf(() => repository.findById(BIG, id));
      expect(get).toMatch(store === 'postgres' ? /Index Scan using "?PK_/ : /USING INDEX sqlite_autoindex_connections_1|USING PRIMARY KEY/);
    });
  });
});

/**
 * Catalog readers on the machine's servers, for what the conformance table (test/conformance/)
 * does not hold: PostgreSQL materialized views, partitions, dropped columns, column grants, a
 * schema without USAGE, another default schema, system schemas; MySQL column grants, a unique key
 * that is not a primary key, system databases; CatalogReadError on both.
 */
import mysql from 'mysql2/promise';
import { Client } from 'pg';
import { CatalogReadError } from '../src/drivers/catalog-read-error';
import { DiscoveredTable } from '../src/drivers/database-driver';
import { readMysqlCatalog } from '../src/drivers/mysql/mysql-catalog';
import {
  readPostgresCatalog,
  readPostgresCatalogInBatches,
} from '../src/drivers/postgres/postgres-catalog';
import {
  TEST_DATABASE_URL,
  TEST_MYSQL_URL,
  describeWithMysql,
  describeWithPostgres,
} from './support/real-servers';
import {
  MysqlSchemaFixture,
  PostgresSchemaFixture,
  createMysqlSchemaFixture,
  createPostgresSchemaFixture,
} from './support/schema-fixtures';

const names = (tables: DiscoveredTable[]) => tables.map((table) => table.name);
const table = (tables: DiscoveredTable[], name: string) =>
  tables.find((entry) => entry.name === name);

describeWithPostgres('readPostgresCatalog on a real PostgreSQL', () => {
  let fixture: PostgresSchemaFixture;
  let client: Client;

  beforeAll(async () => {
    fixture = await createPostgresSchemaFixture(TEST_DATABASE_URL!);
    const url = new URL(fixture.adminUrl);
    url.username = fixture.reader;
    client = new Client({ connectionString: url.toString() });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await fixture?.drop();
  });

  it('does not list a dropped column, and keeps the case of quoted names in another schema', async () => {
    const tables = await readPostgresCatalog(client, {}, 'public');
    expect(table(tables, 'orders')).toEqual({
      name: 'orders',
      kind: 'table',
      columns: [
        { name: 'amount', type: 'numeric(12,2)', nullable: false, primaryKey: false },
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
        { name: 'note', type: 'text', nullable: true, primaryKey: false },
      ],
    });
    expect(table(tables, 'sales.Deals')?.columns.map((column) => column.name)).toEqual([
      'Amount',
      'region_id',
    ]);
  });

  it('marks views and materialized views as views, and lists a partitioned table without its partitions', async () => {
    const tables = await readPostgresCatalog(client, {}, 'public');
    expect(table(tables, 'order_totals')?.kind).toBe('view');
    expect(table(tables, 'order_notes')?.kind).toBe('view');
    expect(table(tables, 'events')?.kind).toBe('table');
    expect(table(tables, 'events_2024')).toBeUndefined();
  });

  it('hides a table without SELECT, a schema without USAGE, and columns granted to nobody', async () => {
    const tables = await readPostgresCatalog(client, {}, 'public');
    expect(table(tables, 'secret_stuff')).toBeUndefined();
    expect(table(tables, 'hidden.keys')).toBeUndefined();
    expect(table(tables, 'partly')?.columns.map((column) => column.name)).toEqual([
      'id',
      'visible',
    ]);
  });

  it('limits discovery to the given schemas and qualifies relative to the default schema', async () => {
    const tables = await readPostgresCatalog(client, { schemas: ['sales', 'archive'] }, 'sales');
    expect(names(tables)).toEqual(['Deals', 'archive.orders', 'regions']);
  });

  it('never lists system schemas, even when asked for them', async () => {
    const tables = await readPostgresCatalog(
      client,
      { schemas: ['pg_catalog', 'information_schema'] },
      'public',
    );
    expect(tables).toEqual([]);
  });

  describe('tables= globs, filtered in the query', () => {
    const ODD = ['x_y', 'xzy', '50%', '50x', 'a\\b', 'ab', 'a!b', '[c]', 'c'];
    beforeAll(async () => {
      const admin = new Client({ connectionString: fixture.adminUrl });
      await admin.connect();
      try {
        const tables = ODD.map((name) => `odd."${name}"`).join(', ');
        await admin.query(`CREATE SCHEMA odd;
          ${ODD.map((name) => `CREATE TABLE odd."${name}" (id int);`).join('\n')}
          GRANT USAGE ON SCHEMA odd TO ${fixture.reader};
          GRANT SELECT ON ${tables} TO ${fixture.reader};`);
      } finally {
        await admin.end();
      }
    });

    it('matches the name as shown: * any run, every other character itself (_ % \\ ! [ included)', async () => {
      const tables = await readPostgresCatalog(
        client,
        { tables: ['odd.x_y', 'odd.50%', 'odd.a\\b', 'odd.a!b', 'odd.[c]'] },
        'public',
      );
      expect(names(tables)).toEqual(['odd.50%', 'odd.[c]', 'odd.a!b', 'odd.a\\b', 'odd.x_y']);
      expect(names(await readPostgresCatalog(client, { tables: ['odd.*'] }, 'public'))).toEqual(
        ODD.map((name) => `odd.${name}`).sort(),
      );
    });

    it('is case-sensitive, keeps columns whole, and combines with schema=', async () => {
      const tables = await readPostgresCatalog(client, { tables: ['order*', '*Case'] }, 'public');
      expect(names(tables)).toEqual([
        'MixedCase',
        'order_lines',
        'order_notes',
        'order_totals',
        'orders',
      ]);
      expect(table(tables, 'orders')?.columns.map((column) => column.name)).toEqual([
        'amount',
        'id',
        'note',
      ]);
      expect(await readPostgresCatalog(client, { tables: ['ORDERS', '*case'] }, 'public')).toEqual(
        [],
      );
      expect(
        names(
          await readPostgresCatalog(
            client,
            { schemas: ['archive'], tables: ['*orders'] },
            'public',
          ),
        ),
      ).toEqual(['archive.orders']);
    });

    it('names in the default schema are unqualified, so only the unqualified glob matches them', async () => {
      expect(
        names(
          await readPostgresCatalog(client, { tables: ['x_y', 'orders', 'public.orders'] }, 'odd'),
        ),
      ).toEqual(['public.orders', 'x_y']);
      expect(await readPostgresCatalog(client, { tables: ['odd.x_y'] }, 'odd')).toEqual([]);
      expect(
        names(await readPostgresCatalog(client, { tables: ['public.orders'] }, 'odd')),
      ).toEqual(['public.orders']);
    });

    it('never lists what the account cannot read, whatever the glob', async () => {
      expect(names(await readPostgresCatalog(client, { tables: ['*'] }, 'public'))).not.toContain(
        'secret_stuff',
      );
      expect(
        await readPostgresCatalog(client, { tables: ['hidden.*', 'pg_catalog.*'] }, 'public'),
      ).toEqual([]);
    });
  });

  it('hands the same tables over in name-ordered batches, whatever the batch size', async () => {
    const whole = await readPostgresCatalog(client, {}, 'public');
    expect(whole.length).toBeGreaterThan(4);
    const batches: DiscoveredTable[][] = [];
    await readPostgresCatalogInBatches(client, {}, 'public', (batch) => batches.push(batch), 2);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.flat()).toEqual(whole);
    // The client is left as it was found: nothing still queued on it.
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('throws CatalogReadError when a batch cannot be kept, and leaves no batch in flight unhandled', async () => {
    const own = new Client({ connectionString: fixture.adminUrl });
    await own.connect();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(
        readPostgresCatalogInBatches(
          own,
          {},
          'public',
          () => {
            throw new Error('keeping failed');
          },
          1,
        ),
      ).rejects.toBeInstanceOf(CatalogReadError);
    } finally {
      await own.end();
      await new Promise((done) => setTimeout(done, 50));
      process.off('unhandledRejection', unhandled);
    }
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('throws CatalogReadError when the catalog query fails', async () => {
    const broken = new Client({ connectionString: fixture.adminUrl });
    await broken.connect();
    await broken.query('BEGIN');
    await broken.query('SELECT 1/0').catch(() => undefined);
    try {
      await expect(readPostgresCatalog(broken, {}, 'public')).rejects.toBeInstanceOf(
        CatalogReadError,
      );
    } finally {
      await broken.end();
    }
  });
});

describeWithMysql('readMysqlCatalog on a real MariaDB', () => {
  let fixture: MysqlSchemaFixture;
  let connection: mysql.Connection;

  beforeAll(async () => {
    fixture = await createMysqlSchemaFixture(TEST_MYSQL_URL!);
    const url = new URL(TEST_MYSQL_URL!);
    connection = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: fixture.user,
      password: fixture.password,
      database: fixture.main,
    });
  });
  afterAll(async () => {
    await connection?.end();
    await fixture?.drop();
  });

  it('does not call a NOT NULL UNIQUE column a primary key', async () => {
    const tables = await readMysqlCatalog(connection, { schemas: [fixture.main] }, fixture.main);
    expect(table(tables, 'no_pk')?.columns.map((column) => column.primaryKey)).toEqual([
      false,
      false,
    ]);
  });

  it('hides the columns not granted and never lists a system database', async () => {
    const tables = await readMysqlCatalog(connection, {}, fixture.main);
    expect(table(tables, 'partly')?.columns.map((column) => column.name)).toEqual([
      'id',
      'visible',
    ]);
    expect(
      names(tables).some((name) =>
        /^(mysql|information_schema|performance_schema|sys)\./.test(name),
      ),
    ).toBe(false);
  });

  describe('tables= globs, filtered in the query', () => {
    const ODD = ['x_y', 'xzy', '50%', '50x', 'a\\b', 'ab', 'a!b', 'Regions2'];
    beforeAll(async () => {
      const admin = await mysql.createConnection({
        uri: TEST_MYSQL_URL!,
        multipleStatements: true,
      });
      try {
        await admin.query(
          ODD.map((name) => `CREATE TABLE ${fixture.other}.\`${name}\` (id int);`).join('\n'),
        );
      } finally {
        await admin.end();
      }
    });

    it('matches the name as shown, byte for byte: * any run, every other character itself', async () => {
      const other = fixture.other;
      const tables = await readMysqlCatalog(
        connection,
        {
          tables: [
            `${other}.x_y`,
            `${other}.50%`,
            `${other}.a\\b`,
            `${other}.a!b`,
            `${other}.regions*`,
          ],
        },
        fixture.main,
      );
      expect(names(tables)).toEqual([
        `${other}.50%`,
        `${other}.a!b`,
        `${other}.a\\b`,
        `${other}.regions`,
        `${other}.x_y`,
      ]);
      expect(table(tables, `${other}.regions`)?.columns.map((column) => column.primaryKey)).toEqual(
        [true, false],
      );
    });

    it('names its own database unqualified, and combines with schema=', async () => {
      expect(
        names(await readMysqlCatalog(connection, { tables: ['order*'] }, fixture.main)),
      ).toEqual(['order_lines', 'order_totals', 'orders']);
      expect(
        await readMysqlCatalog(connection, { tables: [`${fixture.main}.orders`] }, fixture.main),
      ).toEqual([]);
      expect(
        names(
          await readMysqlCatalog(
            connection,
            { schemas: [fixture.main], tables: ['*s'] },
            fixture.main,
          ),
        ),
      ).toEqual(['order_lines', 'order_totals', 'orders']);
      expect(
        await readMysqlCatalog(connection, { tables: ['secret_stuff', 'mysql.*'] }, fixture.main),
      ).toEqual([]);
    });
  });

  it('throws CatalogReadError when the connection is gone', async () => {
    const url = new URL(TEST_MYSQL_URL!);
    const closed = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: 'root',
    });
    await closed.end();
    await expect(readMysqlCatalog(closed, {}, 'test')).rejects.toBeInstanceOf(CatalogReadError);
  });
});

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
import { readPostgresCatalog } from '../src/drivers/postgres/postgres-catalog';
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
    const tables = await readPostgresCatalog(client, undefined, 'public');
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
    const tables = await readPostgresCatalog(client, undefined, 'public');
    expect(table(tables, 'order_totals')?.kind).toBe('view');
    expect(table(tables, 'order_notes')?.kind).toBe('view');
    expect(table(tables, 'events')?.kind).toBe('table');
    expect(table(tables, 'events_2024')).toBeUndefined();
  });

  it('hides a table without SELECT, a schema without USAGE, and columns granted to nobody', async () => {
    const tables = await readPostgresCatalog(client, undefined, 'public');
    expect(table(tables, 'secret_stuff')).toBeUndefined();
    expect(table(tables, 'hidden.keys')).toBeUndefined();
    expect(table(tables, 'partly')?.columns.map((column) => column.name)).toEqual([
      'id',
      'visible',
    ]);
  });

  it('limits discovery to the given schemas and qualifies relative to the default schema', async () => {
    const tables = await readPostgresCatalog(client, ['sales', 'archive'], 'sales');
    expect(names(tables)).toEqual(['Deals', 'archive.orders', 'regions']);
  });

  it('never lists system schemas, even when asked for them', async () => {
    const tables = await readPostgresCatalog(
      client,
      ['pg_catalog', 'information_schema'],
      'public',
    );
    expect(tables).toEqual([]);
  });

  it('throws CatalogReadError when the catalog query fails', async () => {
    const broken = new Client({ connectionString: fixture.adminUrl });
    await broken.connect();
    await broken.query('BEGIN');
    await broken.query('SELECT 1/0').catch(() => undefined);
    try {
      await expect(readPostgresCatalog(broken, undefined, 'public')).rejects.toBeInstanceOf(
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
    const tables = await readMysqlCatalog(connection, [fixture.main], fixture.main);
    expect(table(tables, 'no_pk')?.columns.map((column) => column.primaryKey)).toEqual([
      false,
      false,
    ]);
  });

  it('hides the columns not granted and never lists a system database', async () => {
    const tables = await readMysqlCatalog(connection, undefined, fixture.main);
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

  it('throws CatalogReadError when the connection is gone', async () => {
    const url = new URL(TEST_MYSQL_URL!);
    const closed = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: 'root',
    });
    await closed.end();
    await expect(readMysqlCatalog(closed, undefined, 'test')).rejects.toBeInstanceOf(
      CatalogReadError,
    );
  });
});

import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { Client } from 'pg';

/**
 * Fixture catalogs for schema discovery on the machine's real servers: several schemas, views,
 * a composite primary key, mixed-case and quoted names, a dropped column, a partitioned table,
 * column-level grants, and a table (and a schema) the restricted account cannot read.
 */
export interface PostgresSchemaFixture {
  /** URL of the fixture database as the superuser. */
  adminUrl: string;
  database: string;
  /** Role with SELECT on everything except `secret_stuff`, `hidden.*`, and all but one column of `partly`. */
  reader: string;
  drop(): Promise<void>;
}

/** What the restricted account of the PostgreSQL fixture can read, as discovery names it (default schema public). */
export const POSTGRES_FIXTURE_READABLE_TABLES = [
  'MixedCase',
  'archive.orders',
  'events',
  'order_lines',
  'order_notes',
  'order_totals',
  'orders',
  'partly',
  'sales.Deals',
  'sales.regions',
];

export const POSTGRES_FIXTURE_SQL = `
CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, note text, legacy int);
ALTER TABLE orders DROP COLUMN legacy;
CREATE TABLE order_lines (order_id bigint, line_no int, sku varchar(40) NOT NULL, PRIMARY KEY (order_id, line_no));
CREATE VIEW order_totals AS SELECT order_id, count(*) AS line_count FROM order_lines GROUP BY order_id;
CREATE MATERIALIZED VIEW order_notes AS SELECT id, note FROM orders;
CREATE TABLE "MixedCase" ("CamelColumn" int PRIMARY KEY, "with space" text);
CREATE TABLE secret_stuff (id int PRIMARY KEY, payload text);
CREATE TABLE partly (id int PRIMARY KEY, visible text, invisible text);
CREATE TABLE events (id int, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE SCHEMA sales;
CREATE TABLE sales."Deals" ("Amount" numeric, region_id int);
CREATE TABLE sales.regions (id int PRIMARY KEY, name text NOT NULL);
CREATE SCHEMA archive;
CREATE TABLE archive.orders (id bigint PRIMARY KEY, closed_at timestamptz);
CREATE SCHEMA hidden;
CREATE TABLE hidden.keys (id int);
`;

const readerGrants = (reader: string) => `
CREATE ROLE ${reader} LOGIN;
GRANT USAGE ON SCHEMA public, sales, archive TO ${reader};
GRANT SELECT ON orders, order_lines, order_totals, order_notes, "MixedCase", events, sales."Deals", sales.regions, archive.orders TO ${reader};
GRANT SELECT (id, visible) ON partly TO ${reader};
GRANT SELECT ON hidden.keys TO ${reader};
`;

export async function createPostgresSchemaFixture(
  serverUrl: string,
): Promise<PostgresSchemaFixture> {
  const suffix = randomBytes(5).toString('hex');
  const database = `cs_schema_${suffix}`;
  const reader = `cs_reader_${suffix}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const adminUrl = url.toString();
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(POSTGRES_FIXTURE_SQL + readerGrants(reader));
  } finally {
    await client.end();
  }
  return {
    adminUrl,
    database,
    reader,
    drop: async () => {
      const server = new Client({ connectionString: serverUrl });
      await server.connect();
      try {
        await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await server.query(`DROP ROLE IF EXISTS ${reader}`);
      } finally {
        await server.end();
      }
    },
  };
}

export interface MysqlSchemaFixture {
  main: string;
  other: string;
  user: string;
  password: string;
  drop(): Promise<void>;
}

export async function createMysqlSchemaFixture(serverUrl: string): Promise<MysqlSchemaFixture> {
  const suffix = randomBytes(5).toString('hex');
  const main = `cs_main_${suffix}`;
  const other = `cs_other_${suffix}`;
  const user = `cs_u_${suffix}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ uri: serverUrl, multipleStatements: true });
  try {
    await admin.query(`
      CREATE DATABASE ${main}; CREATE DATABASE ${other};
      CREATE TABLE ${main}.orders (id bigint PRIMARY KEY, amount decimal(12,2) NOT NULL, note text);
      CREATE TABLE ${main}.order_lines (order_id bigint, line_no int, sku varchar(40) NOT NULL, PRIMARY KEY (order_id, line_no));
      CREATE TABLE ${main}.\`MixedCase\` (\`CamelColumn\` int PRIMARY KEY, \`with space\` text);
      CREATE TABLE ${main}.no_pk (code varchar(10) NOT NULL UNIQUE, label text);
      CREATE TABLE ${main}.secret_stuff (id int PRIMARY KEY, payload text);
      CREATE TABLE ${main}.partly (id int PRIMARY KEY, visible text, invisible text);
      CREATE VIEW ${main}.order_totals AS SELECT order_id, count(*) AS line_count FROM ${main}.order_lines GROUP BY order_id;
      CREATE TABLE ${other}.regions (id int PRIMARY KEY, name text NOT NULL);
      CREATE USER '${user}'@'%' IDENTIFIED BY '${password}';
      GRANT SELECT ON ${main}.orders TO '${user}'@'%';
      GRANT SELECT ON ${main}.order_lines TO '${user}'@'%';
      GRANT SELECT ON ${main}.\`MixedCase\` TO '${user}'@'%';
      GRANT SELECT ON ${main}.no_pk TO '${user}'@'%';
      GRANT SELECT ON ${main}.order_totals TO '${user}'@'%';
      GRANT SELECT (id, visible) ON ${main}.partly TO '${user}'@'%';
      GRANT SELECT ON ${other}.* TO '${user}'@'%';
    `);
  } finally {
    await admin.end();
  }
  return {
    main,
    other,
    user,
    password,
    drop: async () => {
      const server = await mysql.createConnection({ uri: serverUrl, multipleStatements: true });
      try {
        await server.query(
          `DROP DATABASE IF EXISTS ${main}; DROP DATABASE IF EXISTS ${other}; DROP USER IF EXISTS '${user}'@'%';`,
        );
      } finally {
        await server.end();
      }
    },
  };
}

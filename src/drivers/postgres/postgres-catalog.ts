import type { Client } from 'pg';
import { CatalogReadError } from '../catalog-read-error';
import { CatalogTablesBuilder } from '../catalog-tables';
import { DiscoveredTable, DiscoveryOptions } from '../database-driver';
import { POSTGRES_LIKE, globToLike, isFiltered } from '../table-globs';

/**
 * The whole catalog in one round trip, one row per column (a relation without columns gives one
 * row with NULL column). Straight from pg_catalog, not information_schema (a stack of views over
 * it, slower on large catalogs).
 *
 * Visibility: a relation is listed when the account has USAGE on its schema and can SELECT the
 * relation or at least one of its columns; only the columns it can SELECT are listed. A table the
 * account cannot read is not listed: a report could not read it either. Partitions of a
 * partitioned table are not listed (the partitioned parent is). System schemas (pg_*, which
 * includes pg_toast and temporary schemas, and information_schema) are never listed.
 *
 * One row per column in array mode rather than a json_agg per table: the faster of the two forms
 * (docs/benchmarks.md, schema suite).
 *
 * `tables=` (table-globs.ts) is matched against the name as shown, `$3` being the default schema;
 * the condition reads pg_class and pg_namespace only, so unmatched relations are dropped before
 * their columns are joined.
 */
export const POSTGRES_CATALOG_SQL = `
SELECT n.nspname, c.relname, c.relkind, a.attname,
       format_type(a.atttypid, a.atttypmod), NOT coalesce(a.attnotnull, false),
       coalesce(a.attnum = ANY (i.indkey), false)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL
       OR (CASE WHEN n.nspname = $3 THEN c.relname::text ELSE n.nspname || '.' || c.relname END)
          COLLATE "C" LIKE ANY ($2::text[]))
  AND has_schema_privilege(n.oid, 'USAGE')
  AND has_any_column_privilege(c.oid, 'SELECT')
  AND CASE WHEN a.attnum IS NULL OR has_table_privilege(c.oid, 'SELECT') THEN true
           ELSE has_column_privilege(c.oid, a.attnum, 'SELECT') END`;

/** The values of POSTGRES_CATALOG_SQL: schemas, LIKE patterns of the globs, default schema. */
export function postgresCatalogValues(
  { schemas, tables }: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
): [string[] | null, string[] | null, string] {
  return [
    schemas && schemas.length > 0 ? schemas : null,
    isFiltered(tables) ? tables.map((glob) => globToLike(glob, POSTGRES_LIKE)) : null,
    defaultSchema,
  ];
}

/** One row of POSTGRES_CATALOG_SQL in array mode. */
export type PostgresCatalogRow = [
  schema: string,
  table: string,
  relkind: string,
  column: string | null,
  type: string | null,
  nullable: boolean,
  primaryKey: boolean,
];

/** Adds one catalog row to the tables being built. */
function addRow(
  builder: CatalogTablesBuilder,
  [schema, table, relkind, column, type, nullable, primaryKey]: PostgresCatalogRow,
): void {
  builder.add(
    schema,
    table,
    relkind === 'v' || relkind === 'm' ? 'view' : 'table',
    column,
    type,
    nullable,
    primaryKey,
  );
}

/** Pure mapping of catalog rows to tables (sorted, default schema unqualified). */
export function postgresTablesFromRows(
  rows: PostgresCatalogRow[],
  defaultSchema: string,
): DiscoveredTable[] {
  const builder = new CatalogTablesBuilder(defaultSchema);
  for (const row of rows) addRow(builder, row);
  return builder.build();
}

/**
 * Reads tables, views and their columns with one query on an open client (the driver opens and
 * closes it). `schemas` undefined = every non-system schema the account can see; `tables`
 * undefined = every relation. (Not a row-by-row `Query` submittable: the session's
 * `query_timeout` makes pg wrap a submittable's callback, and one without a callback then never
 * reports its error.)
 */
export async function readPostgresCatalog(
  client: Client,
  filter: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
): Promise<DiscoveredTable[]> {
  let rows: PostgresCatalogRow[];
  try {
    const result = await client.query<PostgresCatalogRow>({
      text: POSTGRES_CATALOG_SQL,
      values: postgresCatalogValues(filter, defaultSchema),
      rowMode: 'array',
    });
    rows = result.rows;
  } catch (error) {
    throw new CatalogReadError({ cause: error });
  }
  return postgresTablesFromRows(rows, defaultSchema);
}

import type { Client } from 'pg';
import { CatalogReadError } from '../catalog-read-error';
import { CatalogTablesBuilder } from '../catalog-tables';
import { DiscoveredTable, DiscoveryOptions } from '../database-driver';
import { POSTGRES_LIKE, globToLike, isFiltered } from '../table-globs';

/**
 * Which relations are listed, on pg_class `c` and pg_namespace `n` (bound values: see
 * postgresCatalogValues). Shared with the bench's one-query floor.
 */
export const POSTGRES_RELATION_CONDITIONS = `c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
  AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))
  AND ($2::text[] IS NULL
       OR (CASE WHEN n.nspname = $3 THEN c.relname::text ELSE n.nspname || '.' || c.relname END)
          COLLATE "C" LIKE ANY ($2::text[]))
  AND has_schema_privilege(n.oid, 'USAGE')
  AND has_any_column_privilege(c.oid, 'SELECT')`;

/**
 * The relations a discovery lists, one row each. Straight from pg_catalog, not
 * information_schema (a stack of views over it, slower on large catalogs).
 *
 * Visibility: a relation is listed when the account has USAGE on its schema and can SELECT the
 * relation or at least one of its columns; only the columns it can SELECT are listed
 * (POSTGRES_COLUMNS_SQL). A table the account cannot read is not listed: a report could not read
 * it either. Partitions of a partitioned table are not listed (the partitioned parent is). System
 * schemas (pg_*, which includes pg_toast and temporary schemas, and information_schema) are never
 * listed.
 *
 * `tables=` (table-globs.ts) is matched against the name as shown, `$3` being the default schema,
 * so unmatched relations never reach the column query.
 */
export const POSTGRES_RELATIONS_SQL = `
SELECT c.oid, n.nspname, c.relname, c.relkind
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${POSTGRES_RELATION_CONDITIONS}`;

/**
 * The columns of a batch of relations ($1: their oids), one row per column the account can
 * SELECT. A relation dropped since the relation list has no rows here (the privilege functions
 * give NULL for an oid that no longer exists) and is listed without columns.
 */
export const POSTGRES_COLUMNS_SQL = `
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
       coalesce(a.attnum = ANY (i.indkey), false)
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
  AND CASE WHEN has_table_privilege(a.attrelid, 'SELECT') THEN true
           ELSE has_column_privilege(a.attrelid, a.attnum, 'SELECT') END`;

/**
 * Relations per column query: about 20,000 column rows at 20 columns a table, so a 20,000-table
 * catalog is never held as one 400,000-row result (docs/benchmarks.md, schema suite).
 */
export const POSTGRES_COLUMN_BATCH = 1000;

/** The values of POSTGRES_RELATIONS_SQL: schemas, LIKE patterns of the globs, default schema. */
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

/** One row of POSTGRES_RELATIONS_SQL in array mode (pg hands an oid as a number). */
export type PostgresRelationRow = [oid: number, schema: string, table: string, relkind: string];

/** One row of POSTGRES_COLUMNS_SQL in array mode. */
export type PostgresColumnRow = [
  oid: number,
  column: string,
  type: string | null,
  nullable: boolean,
  primaryKey: boolean,
];

/**
 * Folds the catalog into tables (sorted, default schema unqualified), one batch of column rows
 * at a time: `relations` first, then `columns(batch)` for each batch of relations in turn.
 */
export class PostgresCatalogFold {
  private readonly builder: CatalogTablesBuilder;

  constructor(defaultSchema: string) {
    this.builder = new CatalogTablesBuilder(defaultSchema);
  }

  /** Lists the relations (a relation without columns stays listed). */
  relations(rows: readonly PostgresRelationRow[]): void {
    for (const [, schema, table, relkind] of rows)
      this.builder.add(schema, table, kindOf(relkind), null, null, true, false);
  }

  /** Adds the column rows of `relations` (a batch of the rows given to relations()). */
  columns(relations: readonly PostgresRelationRow[], rows: readonly PostgresColumnRow[]): void {
    const byOid = new Map(relations.map((relation) => [relation[0], relation]));
    for (const [oid, column, type, nullable, primaryKey] of rows) {
      const relation = byOid.get(oid);
      if (relation === undefined) continue;
      const [, schema, table, relkind] = relation;
      this.builder.add(schema, table, kindOf(relkind), column, type, nullable, primaryKey);
    }
  }

  build(): DiscoveredTable[] {
    return this.builder.build();
  }
}

function kindOf(relkind: string): DiscoveredTable['kind'] {
  return relkind === 'v' || relkind === 'm' ? 'view' : 'table';
}

/** Pure mapping of catalog rows to tables (sorted, default schema unqualified). */
export function postgresTablesFromRows(
  relations: readonly PostgresRelationRow[],
  columns: readonly PostgresColumnRow[],
  defaultSchema: string,
): DiscoveredTable[] {
  const fold = new PostgresCatalogFold(defaultSchema);
  fold.relations(relations);
  fold.columns(relations, columns);
  return fold.build();
}

/**
 * Reads tables, views and their columns on an open client (the driver opens and closes it): the
 * relation list, then the columns of POSTGRES_COLUMN_BATCH relations per query, each batch folded
 * into the tables and dropped before the next is read. Ordinary awaited queries, so the session's
 * `query_timeout` and every error reach the caller as they do for one query. `schemas` undefined
 * = every non-system schema the account can see; `tables` undefined = every relation.
 */
export async function readPostgresCatalog(
  client: Client,
  filter: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
): Promise<DiscoveredTable[]> {
  const fold = new PostgresCatalogFold(defaultSchema);
  try {
    const { rows: relations } = await client.query<PostgresRelationRow>({
      text: POSTGRES_RELATIONS_SQL,
      values: postgresCatalogValues(filter, defaultSchema),
      rowMode: 'array',
    });
    fold.relations(relations);
    for (let start = 0; start < relations.length; start += POSTGRES_COLUMN_BATCH) {
      const batch = relations.slice(start, start + POSTGRES_COLUMN_BATCH);
      const { rows } = await client.query<PostgresColumnRow>({
        text: POSTGRES_COLUMNS_SQL,
        values: [batch.map(([oid]) => oid)],
        rowMode: 'array',
      });
      fold.columns(batch, rows);
    }
  } catch (error) {
    throw new CatalogReadError({ cause: error });
  }
  return fold.build();
}

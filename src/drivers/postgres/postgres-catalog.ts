import type { Client } from 'pg';
import { CatalogReadError } from '../catalog-read-error';
import { CatalogTablesBuilder, byName, relationName } from '../catalog-tables';
import { DiscoveredTable, DiscoveryOptions } from '../database-driver';
import { POSTGRES_LIKE, globToLike, isFiltered } from '../table-globs';
import { queryRowByRow } from './postgres-row-query';

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
SELECT c.oid, n.nspname, c.relname, c.relkind, has_table_privilege(c.oid, 'SELECT'),
       i.indkey::int2[]
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE ${POSTGRES_RELATION_CONDITIONS}`;

/**
 * The columns of a batch of relations ($1: their oids), one row per column the account can
 * SELECT: every column of a relation it can SELECT as a whole (the relation list says which, and
 * which column numbers make its primary key), each column checked on its own for the others ($2:
 * their oids, usually none). So privilege and primary key are looked up once per relation, not
 * once per column row (20,000 times instead of 400,000 on a 20,000-table catalog, which doubled
 * PostgreSQL's work against the one-query form). A relation dropped since the relation list has
 * no rows here and is listed without columns.
 */
export const POSTGRES_COLUMNS_SQL = `
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, a.attnum
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
  AND (a.attrelid <> ALL ($2::oid[]) OR has_column_privilege(a.attrelid, a.attnum, 'SELECT'))`;

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
export type PostgresRelationRow = [
  oid: number,
  schema: string,
  table: string,
  relkind: string,
  /** SELECT on the whole relation (else only on some of its columns). */
  wholeTable?: boolean,
  /** The column numbers of its primary key; null without one. */
  primaryKey?: number[] | null,
];

/** The values of POSTGRES_COLUMNS_SQL for a batch: its oids, and those to check column by column. */
export function postgresColumnValues(batch: readonly PostgresRelationRow[]): [number[], number[]] {
  return [
    batch.map(([oid]) => oid),
    batch.filter(([, , , , wholeTable]) => wholeTable !== true).map(([oid]) => oid),
  ];
}

/** One row of POSTGRES_COLUMNS_SQL in array mode. */
export type PostgresColumnRow = [
  oid: number,
  column: string,
  type: string | null,
  nullable: boolean,
  attnum: number,
];

/**
 * The relations in batches for the column queries, in order of the name they are shown under
 * (code-unit order, stable): each batch's tables all sort after the previous batch's, so the
 * tables can be handed over batch by batch in their final order. Relations shown under the same
 * name (`a.b` + `c` and `a` + `b.c`) are never split across batches: they are one table.
 */
export function postgresRelationBatches(
  relations: readonly PostgresRelationRow[],
  defaultSchema: string,
  size = POSTGRES_COLUMN_BATCH,
): PostgresRelationRow[][] {
  const named = relations.map((relation) => ({
    name: relationName(relation[1], relation[2], defaultSchema),
    relation,
  }));
  named.sort(byName);
  const batches: PostgresRelationRow[][] = [];
  let batch: PostgresRelationRow[] = [];
  named.forEach(({ name, relation }, index) => {
    if (batch.length >= size && name !== named[index - 1].name) {
      batches.push(batch);
      batch = [];
    }
    batch.push(relation);
  });
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Folds one batch of relations and their column rows into tables (sorted, default schema
 * unqualified), row by row as they arrive. Column names and type labels are kept once across the
 * batches that share `strings`.
 */
export class PostgresBatchFold {
  private readonly builder: CatalogTablesBuilder;
  private readonly byOid = new Map<number, PostgresRelationRow>();

  constructor(
    relations: readonly PostgresRelationRow[],
    defaultSchema: string,
    strings = new Map<string, string>(),
  ) {
    this.builder = new CatalogTablesBuilder(defaultSchema, strings);
    for (const relation of relations) {
      const [oid, schema, table, relkind] = relation;
      this.byOid.set(oid, relation);
      // Listed even when it has no column rows.
      this.builder.add(schema, table, kindOf(relkind), null, null, true, false);
    }
  }

  /** Adds one column row (a row of a relation outside the batch is ignored). */
  readonly row = ([oid, column, type, nullable, attnum]: PostgresColumnRow): void => {
    const relation = this.byOid.get(oid);
    if (relation === undefined) return;
    const [, schema, table, relkind, , primaryKey] = relation;
    const inPrimaryKey = primaryKey ? primaryKey.includes(attnum) : false;
    this.builder.add(schema, table, kindOf(relkind), column, type, nullable, inPrimaryKey);
  };

  /** The batch's tables, sorted, each with its columns sorted. */
  tables(): DiscoveredTable[] {
    return this.builder.drain();
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
  batchSize = POSTGRES_COLUMN_BATCH,
): DiscoveredTable[] {
  const strings = new Map<string, string>();
  return postgresRelationBatches(relations, defaultSchema, batchSize).flatMap((batch) => {
    const fold = new PostgresBatchFold(batch, defaultSchema, strings);
    columns.forEach(fold.row);
    return fold.tables();
  });
}

/**
 * Reads tables, views and their columns on an open client (the driver opens and closes it) and
 * hands them to `onTables` batch by batch, in name order (postgresRelationBatches): the relation
 * list, then the columns of `batchSize` relations per query, each row folded as pg parses
 * it and not kept (queryRowByRow). The next batch's query is always sent before the current one
 * has been read, so PostgreSQL works on it while node folds (as with one query). Errors and the
 * session's `query_timeout` reach the caller as for an ordinary query. `schemas` undefined =
 * every non-system schema the account can see; `tables` undefined = every relation.
 */
export async function readPostgresCatalogInBatches(
  client: Client,
  filter: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
  onTables: (tables: DiscoveredTable[]) => void,
  batchSize = POSTGRES_COLUMN_BATCH,
): Promise<void> {
  const strings = new Map<string, string>();
  const columnsOf = (batch: readonly PostgresRelationRow[]) => {
    const fold = new PostgresBatchFold(batch, defaultSchema, strings);
    const reading = queryRowByRow<PostgresColumnRow>(
      client,
      { text: POSTGRES_COLUMNS_SQL, values: postgresColumnValues(batch) },
      fold.row,
    ).then(() => fold);
    // Awaited below; a batch still in flight when an earlier one fails must not be an unhandled
    // rejection (the error thrown is the earlier one's).
    reading.catch(() => undefined);
    return reading;
  };
  try {
    const { rows: relations } = await client.query<PostgresRelationRow>({
      text: POSTGRES_RELATIONS_SQL,
      values: postgresCatalogValues(filter, defaultSchema),
      rowMode: 'array',
    });
    const batches = postgresRelationBatches(relations, defaultSchema, batchSize);
    let next = batches.length > 0 ? columnsOf(batches[0]) : undefined;
    for (let index = 0; index < batches.length; index++) {
      const reading = next as ReturnType<typeof columnsOf>;
      next = index + 1 < batches.length ? columnsOf(batches[index + 1]) : undefined;
      onTables((await reading).tables());
    }
  } catch (error) {
    throw new CatalogReadError({ cause: error });
  } finally {
    strings.clear();
  }
}
/** readPostgresCatalogInBatches, its batches in one list: the tables sorted by name. */
export async function readPostgresCatalog(
  client: Client,
  filter: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
): Promise<DiscoveredTable[]> {
  const tables: DiscoveredTable[] = [];
  await readPostgresCatalogInBatches(client, filter, defaultSchema, (batch) => {
    for (const table of batch) tables.push(table);
  });
  return tables;
}

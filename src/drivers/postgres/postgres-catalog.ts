import type { Client } from 'pg';
import { CatalogReadError } from '../catalog-read-error';
import { byName, relationName } from '../catalog-tables';
import { DiscoveredColumn, DiscoveredTable, DiscoveryOptions } from '../database-driver';
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

/** Distinct column objects one catalog read shares at most (a bound on its memory, not a goal). */
const SHARED_COLUMNS = 65_536;

/**
 * The column objects of one catalog read, one per distinct name, type and flags, shared by every
 * table that has such a column (frozen): a 20,000-table catalog repeats `id bigint` primary keys
 * and the like tens of thousands of times, so a row costs two Map lookups and no allocation, the
 * names are held once, and the body's serialiser stringifies each object once
 * (SchemaResponseDto.tablesJson). Past SHARED_COLUMNS distinct ones, a row gets an object of its
 * own (a catalog of all-different columns holds a batch of them at a time, as before).
 */
export class PostgresColumns {
  private readonly byName = new Map<string, Map<string, DiscoveredColumn[]>>();
  private count = 0;

  column(name: string, type: string, nullable: boolean, primaryKey: boolean): DiscoveredColumn {
    let byType = this.byName.get(name);
    let shared = byType?.get(type);
    const slot = (nullable ? 2 : 0) + (primaryKey ? 1 : 0);
    const found = shared?.[slot];
    if (found !== undefined) return found;
    const column: DiscoveredColumn = { name, type, nullable, primaryKey };
    if (this.count >= SHARED_COLUMNS) return column;
    if (byType === undefined)
      this.byName.set(name, (byType = new Map<string, DiscoveredColumn[]>()));
    if (shared === undefined) byType.set(type, (shared = []));
    shared[slot] = Object.freeze(column);
    this.count += 1;
    return column;
  }
}

/** One relation of a batch as its column rows need it: the table it is shown as, its primary key. */
interface FoldTarget {
  table: DiscoveredTable;
  primaryKey: readonly number[] | null;
}

/**
 * Folds one batch of relations and their column rows into tables (sorted, default schema
 * unqualified), row by row as they arrive. Everything a row needs of its relation (the table it
 * goes to, its primary key) is looked up once per relation, so a row costs one Map lookup and its
 * column object (shared through `columns`, PostgresColumns; pass the same one to the batches of one
 * read). Relations shown under the same name are one table.
 */
export class PostgresBatchFold {
  private readonly byOid = new Map<number, FoldTarget>();
  private readonly byName = new Map<string, DiscoveredTable>();

  constructor(
    relations: readonly PostgresRelationRow[],
    defaultSchema: string,
    private readonly columns = new PostgresColumns(),
  ) {
    for (const relation of relations) {
      const name = relationName(relation[1], relation[2], defaultSchema);
      let table = this.byName.get(name);
      if (table === undefined) {
        // Listed even when it has no column rows.
        table = { name, kind: kindOf(relation[3]), columns: [] };
        this.byName.set(name, table);
      }
      this.byOid.set(relation[0], { table, primaryKey: relation[5] ?? null });
    }
  }

  /** Adds one column row (a row of a relation outside the batch is ignored). */
  readonly row = (row: PostgresColumnRow): void => {
    const target = this.byOid.get(row[0]);
    if (target === undefined) return;
    const primaryKey = target.primaryKey;
    target.table.columns.push(
      this.columns.column(
        row[1],
        row[2] ?? 'unknown',
        row[3],
        primaryKey !== null && primaryKey.includes(row[4]),
      ),
    );
  };

  /** The batch's tables, sorted, each with its columns sorted. */
  tables(): DiscoveredTable[] {
    const sorted = [...this.byName.values()].sort(byName);
    for (const table of sorted) table.columns.sort(byName);
    return sorted;
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
  const shared = new PostgresColumns();
  return postgresRelationBatches(relations, defaultSchema, batchSize).flatMap((batch) => {
    const fold = new PostgresBatchFold(batch, defaultSchema, shared);
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
  const shared = new PostgresColumns();
  const columnsOf = (batch: readonly PostgresRelationRow[]) => {
    const fold = new PostgresBatchFold(batch, defaultSchema, shared);
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

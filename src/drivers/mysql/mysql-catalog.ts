import type { Connection, RowDataPacket } from 'mysql2/promise';
import { CatalogReadError } from '../catalog-read-error';
import { CatalogColumnRow, tablesFromColumnRows } from '../catalog-tables';
import { DiscoveredTable, DiscoveryOptions } from '../database-driver';
import { STANDARD_LIKE, globToLike, isFiltered } from '../table-globs';

/** Never listed (spec §3.7). */
export const MYSQL_SYSTEM_SCHEMAS = ['mysql', 'information_schema', 'performance_schema', 'sys'];

/** TABLE_TYPE → kind; other types (MariaDB SEQUENCE, TEMPORARY) are not listed. */
const KINDS: Record<string, DiscoveredTable['kind']> = {
  'BASE TABLE': 'table',
  'SYSTEM VERSIONED': 'table',
  VIEW: 'view',
};

/**
 * The WHERE condition on a relation of `alias` (whose TABLE_SCHEMA and TABLE_NAME columns it reads)
 * and its values: schemas asked for, never a system schema, and `tables=` globs matched against
 * the name as shown (`defaultSchema` unqualified). Compared as bytes (`LIKE BINARY`): names are
 * case-sensitive here while information_schema's collation is not.
 */
export function mysqlCatalogFilter(
  alias: string,
  { schemas, tables }: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
): { sql: string; values: unknown[] } {
  const schema = `${alias}TABLE_SCHEMA`;
  const conditions = [`${schema} NOT IN (?)`];
  const values: unknown[] = [MYSQL_SYSTEM_SCHEMAS];
  if (schemas && schemas.length > 0) {
    conditions.push(`${schema} IN (?)`);
    values.push(schemas);
  }
  if (isFiltered(tables)) {
    const shown = `(CASE WHEN ${schema} = ? THEN ${alias}TABLE_NAME ELSE CONCAT(${schema}, '.', ${alias}TABLE_NAME) END)`;
    const likes = tables.map(() => `${shown} LIKE BINARY ? ESCAPE '!'`);
    conditions.push(`(${likes.join(' OR ')})`);
    for (const glob of tables) values.push(defaultSchema, globToLike(glob, STANDARD_LIKE));
  }
  return { sql: conditions.join(' AND '), values };
}

/**
 * information_schema shows only what the account holds some privilege on, so a table the account
 * has no grant for is not listed, and of a table granted column by column only those columns are.
 */
const columnsSql = (where: string) => `
SELECT c.TABLE_SCHEMA AS s, c.TABLE_NAME AS t, t.TABLE_TYPE AS k, c.COLUMN_NAME AS c, c.COLUMN_TYPE AS ty,
       c.IS_NULLABLE AS n
FROM information_schema.COLUMNS c
JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE ${where}`;

const primaryKeysSql = (where: string) => `
SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS c
FROM information_schema.STATISTICS
WHERE INDEX_NAME = 'PRIMARY' AND ${where}`;

export interface MysqlColumnRow {
  s: string;
  t: string;
  k: string;
  c: string;
  ty: string;
  n: string;
}

export interface MysqlKeyRow {
  s: string;
  t: string;
  c: string;
}

const keyOf = (s: string, t: string, c: string) => `${s}\u0000${t}\u0000${c}`;

/** Pure mapping of the two catalog results to tables (sorted, default schema unqualified). */
export function mysqlTablesFromRows(
  columns: MysqlColumnRow[],
  primaryKeys: MysqlKeyRow[],
  defaultSchema: string,
): DiscoveredTable[] {
  const keys = new Set(primaryKeys.map((row) => keyOf(row.s, row.t, row.c)));
  const rows: CatalogColumnRow[] = [];
  for (const row of columns) {
    const kind = KINDS[row.k];
    if (!kind) continue;
    rows.push({
      schema: row.s,
      table: row.t,
      kind,
      column: row.c,
      type: row.ty,
      nullable: row.n === 'YES',
      primaryKey: keys.has(keyOf(row.s, row.t, row.c)),
    });
  }
  return tablesFromColumnRows(rows, defaultSchema);
}

/**
 * Reads tables, views and columns in two queries on an open connection (the driver opens and
 * closes it). For MySQL a schema is a database; `defaultSchema` is the connection's database.
 * Both queries carry the same filter, so the slice is cut by the server.
 */
export async function readMysqlCatalog(
  connection: Connection,
  filter: Pick<DiscoveryOptions, 'schemas' | 'tables'>,
  defaultSchema: string,
): Promise<DiscoveredTable[]> {
  const onColumns = mysqlCatalogFilter('c.', filter, defaultSchema);
  const onKeys = mysqlCatalogFilter('', filter, defaultSchema);
  try {
    const [[columns], [primaryKeys]] = await Promise.all([
      connection.query<RowDataPacket[]>(columnsSql(onColumns.sql), onColumns.values),
      connection.query<RowDataPacket[]>(primaryKeysSql(onKeys.sql), onKeys.values),
    ]);
    return mysqlTablesFromRows(
      columns as MysqlColumnRow[],
      primaryKeys as MysqlKeyRow[],
      defaultSchema,
    );
  } catch (error) {
    throw new CatalogReadError({ cause: error });
  }
}

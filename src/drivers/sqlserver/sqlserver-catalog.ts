import { CatalogColumnRow, tablesFromColumnRows } from '../catalog-tables';
import { DiscoveredTable, DiscoveryOptions } from '../database-driver';
import { SQLSERVER_LIKE, globToLike, isFiltered } from '../table-globs';

/**
 * Tables, views and their columns in one round trip, one row per column (a relation without
 * visible columns gives one row with NULL column). SQL Server's metadata visibility already hides
 * objects the account has no permission on. `sys` and `INFORMATION_SCHEMA` and Microsoft-shipped
 * objects are never listed. The `schemas` filter is applied to the rows; the `tables=` filter is
 * added to the query by sqlServerCatalogQuery, its patterns bound as values.
 */
export const SQLSERVER_CATALOG_SQL = `
SELECT s.name, o.name, o.type, c.name, TYPE_NAME(c.user_type_id),
       CAST(c.max_length AS int), CAST(c.precision AS int), CAST(c.scale AS int),
       CAST(c.is_nullable AS int),
       CAST(CASE WHEN pk.column_id IS NULL THEN 0 ELSE 1 END AS int)
FROM sys.objects o
JOIN sys.schemas s ON s.schema_id = o.schema_id
LEFT JOIN sys.columns c ON c.object_id = o.object_id
LEFT JOIN (SELECT ic.object_id, ic.column_id
           FROM sys.indexes i
           JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
           WHERE i.is_primary_key = 1) pk ON pk.object_id = c.object_id AND pk.column_id = c.column_id
WHERE o.type IN ('U', 'V') AND o.is_ms_shipped = 0
  AND s.name NOT IN ('sys', 'INFORMATION_SCHEMA')`;

/**
 * The catalog statement and its values: SQLSERVER_CATALOG_SQL as it is, or, with `tables=` globs,
 * one LIKE per glob on the name as shown (`@d` the default schema, `@t0`… the patterns; the text
 * only grows by the number of globs, nothing of them is pasted). LIKE follows the database's
 * collation, as SQL Server's names do.
 */
export function sqlServerCatalogQuery(
  { tables }: Pick<DiscoveryOptions, 'tables'>,
  defaultSchema: string,
): { sql: string; values?: Record<string, string> } {
  if (!isFiltered(tables)) return { sql: SQLSERVER_CATALOG_SQL };
  const shown = `(CASE WHEN s.name = @d THEN o.name ELSE s.name + N'.' + o.name END)`;
  const values: Record<string, string> = { d: defaultSchema };
  const likes = tables.map((glob, index) => {
    values[`t${index}`] = globToLike(glob, SQLSERVER_LIKE);
    return `${shown} LIKE @t${index} ESCAPE N'!'`;
  });
  return {
    sql: `${SQLSERVER_CATALOG_SQL}
  AND (${likes.join(' OR ')})`,
    values,
  };
}

/** One row of SQLSERVER_CATALOG_SQL, in column order. */
export type SqlServerCatalogRow = [
  schema: string,
  table: string,
  objectType: string,
  column: string | null,
  typeName: string | null,
  maxLength: number | null,
  precision: number | null,
  scale: number | null,
  nullable: number | null,
  primaryKey: number | null,
];

const SYSTEM_SCHEMAS = new Set(['sys', 'INFORMATION_SCHEMA']);
const BYTE_LENGTH_TYPES = new Set(['char', 'varchar', 'binary', 'varbinary']);
const CHAR_LENGTH_TYPES = new Set(['nchar', 'nvarchar']);
const SCALE_TYPES = new Set(['datetime2', 'datetimeoffset', 'time']);

/** `nvarchar(50)`, `varchar(max)`, `decimal(10,2)`, `datetime2(7)`, `int`. */
export function sqlServerTypeLabel(
  typeName: string,
  maxLength: number | null,
  precision: number | null,
  scale: number | null,
): string {
  if (BYTE_LENGTH_TYPES.has(typeName) || CHAR_LENGTH_TYPES.has(typeName)) {
    if (maxLength === -1) return `${typeName}(max)`;
    if (maxLength === null) return typeName;
    return `${typeName}(${CHAR_LENGTH_TYPES.has(typeName) ? maxLength / 2 : maxLength})`;
  }
  if ((typeName === 'decimal' || typeName === 'numeric') && precision !== null)
    return `${typeName}(${precision},${scale ?? 0})`;
  if (SCALE_TYPES.has(typeName) && scale !== null) return `${typeName}(${scale})`;
  return typeName;
}

/** Pure mapping: rows → tables (default schema unqualified, others `schema.table`, sorted). */
export function sqlServerTablesFromRows(
  rows: SqlServerCatalogRow[],
  schemas: string[] | undefined,
  defaultSchema: string,
): DiscoveredTable[] {
  const wanted = schemas && schemas.length > 0 ? new Set(schemas) : undefined;
  const columnRows: CatalogColumnRow[] = [];
  for (const [
    schema,
    table,
    objectType,
    column,
    typeName,
    maxLength,
    precision,
    scale,
    nullable,
    primaryKey,
  ] of rows) {
    if (SYSTEM_SCHEMAS.has(schema) || (wanted && !wanted.has(schema))) continue;
    columnRows.push({
      schema,
      table,
      kind: objectType.trim() === 'V' ? 'view' : 'table',
      column,
      type: typeName === null ? null : sqlServerTypeLabel(typeName, maxLength, precision, scale),
      nullable: nullable === 1,
      primaryKey: primaryKey === 1,
    });
  }
  return tablesFromColumnRows(columnRows, defaultSchema);
}

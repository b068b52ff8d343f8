import { CatalogColumnRow, tablesFromColumnRows } from '../catalog-tables';
import { DiscoveredTable, DiscoveryOptions } from '../database-driver';
import { STANDARD_LIKE, globToLike, isFiltered } from '../table-globs';
import type { OracleStatement } from './oracle-job';

/**
 * Tables and views with their columns and primary keys in one query over the ALL_* views (what
 * the account can see). Oracle-maintained schemas (ALL_USERS.ORACLE_MAINTAINED = 'Y') and names
 * with `$` (recycle bin, system objects) are never listed. The `schemas` filter is applied to the
 * rows; the `tables=` filter is added by oracleCatalogStatement, its patterns bound as values.
 */
export const ORACLE_CATALOG_SQL = `
SELECT c.OWNER, c.TABLE_NAME, CASE WHEN v.VIEW_NAME IS NULL THEN 'T' ELSE 'V' END,
       c.COLUMN_NAME, c.DATA_TYPE, c.DATA_LENGTH, c.DATA_PRECISION, c.DATA_SCALE, c.NULLABLE,
       CASE WHEN pk.COLUMN_NAME IS NULL THEN 0 ELSE 1 END
FROM ALL_TAB_COLUMNS c
JOIN ALL_USERS u ON u.USERNAME = c.OWNER AND u.ORACLE_MAINTAINED = 'N'
LEFT JOIN ALL_VIEWS v ON v.OWNER = c.OWNER AND v.VIEW_NAME = c.TABLE_NAME
LEFT JOIN (SELECT cc.OWNER, cc.TABLE_NAME, cc.COLUMN_NAME
           FROM ALL_CONSTRAINTS k
           JOIN ALL_CONS_COLUMNS cc ON cc.OWNER = k.OWNER AND cc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
           WHERE k.CONSTRAINT_TYPE = 'P') pk
  ON pk.OWNER = c.OWNER AND pk.TABLE_NAME = c.TABLE_NAME AND pk.COLUMN_NAME = c.COLUMN_NAME
WHERE INSTR(c.TABLE_NAME, '$') = 0 AND INSTR(c.OWNER, '$') = 0`;

/**
 * The catalog statement and its binds: ORACLE_CATALOG_SQL as it is, or, with `tables=` globs, one
 * LIKE per glob on the name as shown (`:d` the default schema, `:t0`… the patterns). Compared
 * upper-cased, as Oracle names are (validate-schema compares them the same way).
 */
export function oracleCatalogStatement(
  { tables }: Pick<DiscoveryOptions, 'tables'>,
  defaultSchema: string,
): OracleStatement {
  if (!isFiltered(tables)) return { sql: ORACLE_CATALOG_SQL };
  const shown = `UPPER(CASE WHEN c.OWNER = :d THEN c.TABLE_NAME ELSE c.OWNER || '.' || c.TABLE_NAME END)`;
  const binds: Record<string, string> = { d: defaultSchema };
  const likes = tables.map((glob, index) => {
    binds[`t${index}`] = globToLike(glob, STANDARD_LIKE).toUpperCase();
    return `${shown} LIKE :t${index} ESCAPE '!'`;
  });
  return {
    sql: `${ORACLE_CATALOG_SQL}
  AND (${likes.join(' OR ')})`,
    binds,
  };
}

export type OracleCatalogRow = [
  owner: string,
  table: string,
  kind: string,
  column: string,
  dataType: string,
  dataLength: number | null,
  precision: number | null,
  scale: number | null,
  nullable: string,
  primaryKey: number,
];

const BYTE_LENGTH = new Set(['VARCHAR2', 'CHAR', 'RAW', 'VARCHAR']);
const CHAR_LENGTH = new Set(['NVARCHAR2', 'NCHAR']);

/** `VARCHAR2(100)`, `NUMBER(10,2)`, `NUMBER`, `FLOAT(126)`, `TIMESTAMP(6)`. */
export function oracleTypeLabel(
  dataType: string,
  length: number | null,
  precision: number | null,
  scale: number | null,
): string {
  if (BYTE_LENGTH.has(dataType) && length !== null) return `${dataType}(${length})`;
  if (CHAR_LENGTH.has(dataType) && length !== null) return `${dataType}(${length / 2})`;
  if (dataType === 'NUMBER' && precision !== null)
    return scale ? `NUMBER(${precision},${scale})` : `NUMBER(${precision})`;
  if (dataType === 'FLOAT' && precision !== null) return `FLOAT(${precision})`;
  return dataType;
}

/** The default schema: the connection's `schema`, else the user's own, upper-cased. */
export function oracleDefaultSchema(schema: string | null, userName: string): string {
  return (schema ?? userName).toUpperCase();
}

export function oracleTablesFromRows(
  rows: OracleCatalogRow[],
  schemas: string[] | undefined,
  defaultSchema: string,
): DiscoveredTable[] {
  const wanted =
    schemas && schemas.length > 0
      ? new Set(schemas.map((schema) => schema.toUpperCase()))
      : undefined;
  const columnRows: CatalogColumnRow[] = [];
  for (const [
    owner,
    table,
    kind,
    column,
    dataType,
    length,
    precision,
    scale,
    nullable,
    primaryKey,
  ] of rows) {
    if (owner.includes('$') || table.includes('$') || (wanted && !wanted.has(owner))) continue;
    columnRows.push({
      schema: owner,
      table,
      kind: kind === 'V' ? 'view' : 'table',
      column,
      type: oracleTypeLabel(dataType, length, precision, scale),
      nullable: nullable === 'Y',
      primaryKey: primaryKey === 1,
    });
  }
  return tablesFromColumnRows(columnRows, defaultSchema);
}

import { DiscoveredColumn, DiscoveredTable } from './database-driver';

/** One column of one relation, as a SQL catalog query returns it. */
export interface CatalogColumnRow {
  schema: string;
  table: string;
  kind: DiscoveredTable['kind'];
  /** null for a relation without columns (it is still listed). */
  column: string | null;
  type: string | null;
  nullable: boolean;
  primaryKey: boolean;
}

/** Code-unit order: the same on every engine and every locale. */
export const byName = (a: { name: string }, b: { name: string }): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** The public name of a relation: unqualified in the default schema, else `schema.table`. */
export function relationName(schema: string, table: string, defaultSchema: string): string {
  return schema === defaultSchema ? table : `${schema}.${table}`;
}

/**
 * Groups column rows (in any order) into tables: tables sorted by name, columns sorted by name.
 * Real case is kept (quoted, mixed-case names stay as the catalog spells them).
 */
export function tablesFromColumnRows(
  rows: Iterable<CatalogColumnRow>,
  defaultSchema: string,
): DiscoveredTable[] {
  const tables = new Map<string, DiscoveredTable>();
  for (const row of rows) {
    const name = relationName(row.schema, row.table, defaultSchema);
    let table = tables.get(name);
    if (!table) {
      table = { name, kind: row.kind, columns: [] };
      tables.set(name, table);
    }
    if (row.column === null) continue;
    const column: DiscoveredColumn = {
      name: row.column,
      type: row.type ?? 'unknown',
      nullable: row.nullable,
      primaryKey: row.primaryKey,
    };
    table.columns.push(column);
  }
  const sorted = [...tables.values()].sort(byName);
  for (const table of sorted) table.columns.sort(byName);
  return sorted;
}

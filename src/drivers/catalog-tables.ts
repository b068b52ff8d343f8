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
 * Groups column rows into tables: tables sorted by name, columns sorted by name, real case kept
 * (quoted, mixed-case names stay as the catalog spells them). Rows may come in any order; rows of
 * one relation that arrive together (as catalog joins give them) skip the lookup. Column names and
 * type labels are kept once each (a driver hands a new string per row; a large catalog repeats
 * `id`, `integer`… tens of thousands of times), which keeps a 20,000-table catalog's memory near
 * the size of its JSON.
 */
export class CatalogTablesBuilder {
  private readonly tables = new Map<string, DiscoveredTable>();
  private lastSchema: string | undefined;
  private lastTable: string | undefined;
  private current: DiscoveredTable | undefined;

  /** `strings`: the kept copies, shared by the builders of one catalog read in batches. */
  constructor(
    private readonly defaultSchema: string,
    private readonly strings = new Map<string, string>(),
  ) {}

  add(
    schema: string,
    table: string,
    kind: DiscoveredTable['kind'],
    column: string | null,
    type: string | null,
    nullable: boolean,
    primaryKey: boolean,
  ): void {
    let target = this.current;
    if (target === undefined || table !== this.lastTable || schema !== this.lastSchema) {
      const name = relationName(schema, table, this.defaultSchema);
      target = this.tables.get(name);
      if (target === undefined) {
        target = { name, kind, columns: [] };
        this.tables.set(name, target);
      }
      this.current = target;
      this.lastSchema = schema;
      this.lastTable = table;
    }
    if (column === null) return;
    const entry: DiscoveredColumn = {
      name: this.once(column),
      type: type === null ? 'unknown' : this.once(type),
      nullable,
      primaryKey,
    };
    target.columns.push(entry);
  }

  /** The one kept copy of `text`. */
  private once(text: string): string {
    const kept = this.strings.get(text);
    if (kept !== undefined) return kept;
    this.strings.set(text, text);
    return text;
  }

  build(): DiscoveredTable[] {
    this.strings.clear();
    return this.drain();
  }

  /** The tables added since the last drain, sorted, then forgotten; the kept strings stay. */
  drain(): DiscoveredTable[] {
    const sorted = [...this.tables.values()].sort(byName);
    for (const table of sorted) table.columns.sort(byName);
    this.tables.clear();
    this.current = undefined;
    this.lastSchema = undefined;
    this.lastTable = undefined;
    return sorted;
  }
}

/** tablesFromColumnRows for rows already shaped as CatalogColumnRow. */
export function tablesFromColumnRows(
  rows: Iterable<CatalogColumnRow>,
  defaultSchema: string,
): DiscoveredTable[] {
  const builder = new CatalogTablesBuilder(defaultSchema);
  for (const row of rows) {
    builder.add(
      row.schema,
      row.table,
      row.kind,
      row.column,
      row.type,
      row.nullable,
      row.primaryKey,
    );
  }
  return builder.build();
}

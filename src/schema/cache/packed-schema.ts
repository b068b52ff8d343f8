import { SchemaSnapshot } from './schema-snapshot';

/**
 * A snapshot as the caches hold it: the same names, in a form the garbage collector does not have to
 * trace name by name. A 20,000-table catalog of 20 columns is 420,000 names; held as arrays of
 * strings, ten of them are 4.2 M objects that every full collection marks (most of a second per
 * full collection on this project's benchmark machine, against tens of ms packed; docs/benchmarks.md,
 * validate-scale). Here every table's field names are one JSON array text, all of them in a single
 * string per snapshot, with a Map from each table name to its position: one string per table name,
 * one string and one typed array for all the fields. A table's field names are parsed back when a
 * table is looked at (validate-schema builds the lookups of a table once per snapshot, see
 * SchemaIndex).
 */
export class PackedSchema {
  readonly discoveredAt: string;
  /** Table and field names held, at least 1 (what the caches' size bounds count). */
  readonly size: number;
  /** Discovered table name → its position. Own Map: `__proto__` is a table name like any other. */
  private readonly positions = new Map<string, number>();
  /** The JSON array texts of every table's field names, one after another. */
  private readonly fields: string;
  /** Where table `i`'s text starts in `fields` (`i + 1`'s start is where it ends). */
  private readonly starts: Uint32Array;

  private constructor(
    discoveredAt: string,
    tables: readonly string[],
    texts: readonly string[],
    names: number,
  ) {
    this.discoveredAt = discoveredAt;
    this.starts = new Uint32Array(tables.length + 1);
    tables.forEach((table, position) => {
      this.positions.set(table, position);
      this.starts[position + 1] = this.starts[position] + texts[position].length;
    });
    this.fields = texts.join('');
    this.size = Math.max(1, names);
  }

  static of(snapshot: SchemaSnapshot): PackedSchema {
    const builder = new PackedSchemaBuilder();
    for (const table of Object.keys(snapshot.tables)) builder.add(table, snapshot.tables[table]);
    return builder.build(snapshot.discoveredAt);
  }

  /** @internal PackedSchemaBuilder's way in. */
  static fromParts(
    discoveredAt: string,
    tables: readonly string[],
    texts: readonly string[],
    names: number,
  ): PackedSchema {
    return new PackedSchema(discoveredAt, tables, texts, names);
  }

  /** The discovered table names. */
  tableNames(): IterableIterator<string> {
    return this.positions.keys();
  }

  /** The field names of a discovered table, in discovery order (a new array); undefined for another name. */
  fieldsOf(table: string): string[] | undefined {
    const position = this.positions.get(table);
    if (position === undefined) return undefined;
    const text = this.fields.slice(this.starts[position], this.starts[position + 1]);
    return JSON.parse(text) as string[];
  }

  /** The snapshot again, as plain JSON (own properties only, like the discovered one). */
  toSnapshot(): SchemaSnapshot {
    const tables: Record<string, string[]> = {};
    for (const table of this.positions.keys()) {
      Object.defineProperty(tables, table, {
        value: this.fieldsOf(table),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return { discoveredAt: this.discoveredAt, tables };
  }

  /**
   * `JSON.stringify(this.toSnapshot())` (what the Redis cache stores), made from the packed texts
   * without parsing them back: the same value, table keys in this schema's order.
   */
  toJson(): string {
    const parts: string[] = [];
    for (const [table, position] of this.positions) {
      parts.push(
        `${JSON.stringify(table)}:${this.fields.slice(this.starts[position], this.starts[position + 1])}`,
      );
    }
    return `{"discoveredAt":${JSON.stringify(this.discoveredAt)},"tables":{${parts.join(',')}}}`;
  }
}

/**
 * Packs a schema table by table as a discovery hands its tables over (DiscoveredCatalog), so no
 * plain snapshot of the whole catalog is ever built: each table's field names become their JSON
 * text at once and the array can go. A name given twice keeps its last field list (as a plain
 * object's key would).
 */
export class PackedSchemaBuilder {
  private readonly tables: string[] = [];
  private readonly texts: string[] = [];
  private names = 0;

  add(table: string, fields: readonly string[]): void {
    this.addJson(table, JSON.stringify(fields), fields.length);
  }

  /** add() of fields already as their JSON text (`JSON.stringify` of the `count` names). */
  addJson(table: string, fieldsJson: string, count: number): void {
    this.tables.push(table);
    this.texts.push(fieldsJson);
    this.names += 1 + count;
  }

  build(discoveredAt: string): PackedSchema {
    return PackedSchema.fromParts(discoveredAt, this.tables, this.texts, this.names);
  }
}

/** `snapshot` packed (itself when it already is). */
export const packed = (snapshot: PackedSchema | SchemaSnapshot): PackedSchema =>
  snapshot instanceof PackedSchema ? snapshot : PackedSchema.of(snapshot);

import { DiscoveredTable } from '../../drivers/database-driver';
import type { Connection } from '../domain/connection';
import { PackedSchema, PackedSchemaBuilder } from '../../schema/cache/packed-schema';

/**
 * A batch of tables (in order) as body bytes: the UTF-8 JSON of the table list without its
 * brackets, in chunks that join with `,` (SchemaResponseDto.tablesJson). `fieldsJson[i]` is `JSON.stringify`
 * of table i's column names (the same text the cache snapshot keeps).
 */
export type TablesSerialiser = (
  tables: readonly DiscoveredTable[],
  fieldsJson: readonly string[],
) => Buffer[];

/**
 * One discovery's catalog as a driver hands it over, batch by batch in name order
 * (DatabaseDriver.discoverInBatches, or discover()'s whole result as one batch): each batch is
 * turned into what is kept of it, every table's column names packed for the cache (PackedSchema)
 * and, when a serialiser is given, the body's JSON text, and its table and column objects are
 * dropped. So a 20,000-table catalog is held as its JSON and its packed names, never as 400,000
 * column objects plus a body built from them, nor as a plain snapshot packed afterwards
 * (docs/benchmarks.md, schema suite).
 */
export class DiscoveredCatalog {
  private readonly schema = new PackedSchemaBuilder();
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private lastName: string | undefined;

  constructor(private readonly serialise?: TablesSerialiser) {}

  /** Keeps one batch (a function, so it can be handed to a driver as it is). */
  readonly add = (tables: readonly DiscoveredTable[]): void => {
    if (tables.length === 0) return;
    if (this.lastName !== undefined && tables[0].name < this.lastName)
      throw new Error('a driver handed over discovery batches out of name order');
    this.lastName = tables[tables.length - 1].name;
    // Each table's field names as JSON once, for the cache snapshot and the body alike.
    const fieldsJson = tables.map((table) => {
      const text = JSON.stringify(table.columns.map((column) => column.name));
      this.schema.addJson(table.name, text, table.columns.length);
      return text;
    });
    if (this.serialise === undefined) return;
    for (const chunk of this.serialise(tables, fieldsJson)) {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
    }
  };

  /** What validate-schema keeps of the catalog, packed as the caches hold it. */
  snapshot(discoveredAt: Date): PackedSchema {
    return this.schema.build(discoveredAt.toISOString());
  }

  /** The table list's UTF-8 JSON without brackets, in chunks that join with `,`, and its size without the commas. */
  tablesJson(): { chunks: readonly Buffer[]; bytes: number } {
    return { chunks: this.chunks, bytes: this.bytes };
  }
}

/** One discovery's answer: the connection, when, and its catalog as kept. */
export interface Discovery {
  connection: Connection;
  discoveredAt: Date;
  /** The tables as kept for the response body and the cache snapshot. */
  catalog: DiscoveredCatalog;
}

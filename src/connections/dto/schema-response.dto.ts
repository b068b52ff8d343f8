import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { DiscoveredColumn, DiscoveredTable } from '../../drivers/database-driver';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { Discovery } from '../discovery/discovered-catalog';

/** What Nest sends for a JSON body, on express and fastify alike. */
const JSON_TYPE = 'application/json; charset=utf-8';
/** Columns per streamed chunk of the body (about 300 KB of JSON, one Buffer). */
const CHUNK_COLUMNS = 4096;
/** Distinct column objects whose JSON one batch keeps for reuse (a bound, not a goal). */
const COLUMN_TEXTS = 65_536;
const COMMA = Buffer.from(',');
const TABLE_END = Buffer.from(']}');

@ApiSchema({ name: 'SchemaColumn' })
export class SchemaColumnDto {
  @ApiProperty({ example: 'amount' })
  name: string;

  @ApiProperty({ example: 'numeric(12,2)', description: 'The engine’s own type name.' })
  type: string;

  @ApiProperty({ example: false })
  nullable: boolean;

  @ApiProperty({ example: false })
  primaryKey: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    description: 'MongoDB only: share of sampled documents that had the field.',
  })
  presence?: number;
}

@ApiSchema({ name: 'SchemaTable' })
export class SchemaTableDto {
  @ApiProperty({
    example: 'transactions',
    description: 'Unqualified in the default schema, else `schema.table`.',
  })
  name: string;

  @ApiProperty({ enum: ['table', 'view', 'collection'], example: 'table' })
  kind: 'table' | 'view' | 'collection';

  @ApiProperty({
    type: [String],
    example: ['account_id', 'amount'],
    description: 'Column names, sorted.',
  })
  fields: string[];

  @ApiProperty({ type: [SchemaColumnDto], description: 'Sorted by name.' })
  columns: SchemaColumnDto[];
}

@ApiSchema({
  name: 'SchemaResponse',
  description: 'The tables and columns behind a connection, sorted by name.',
})
export class SchemaResponseDto {
  @ApiProperty({ format: 'uuid', example: '019abcde-f012-7345-8678-9abcdef01234' })
  id: string;

  @ApiProperty({ example: 'production-db' })
  configName: string;

  @ApiProperty({ example: 'mydatabase' })
  databaseName: string;

  @ApiProperty({ enum: ENGINE_TYPES, example: 'POSTGRESQL' })
  type: EngineType;

  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:30:00.000Z' })
  discoveredAt: string;

  @ApiProperty({ type: [SchemaTableDto], description: 'Sorted by name.' })
  tables: SchemaTableDto[];

  /**
   * The response body, serialised once: exactly `JSON.stringify` of the response object (the four
   * fields of the connection below, `discoveredAt`, the tables), from the JSON the discovery kept
   * of its tables (tablesJson), streamed chunk by chunk with its Content-Length, so a 20,000-table
   * catalog never exists as one response object graph, one 32 MB string and one 32 MB Buffer
   * (docs/benchmarks.md, schema suite).
   */
  static body({ connection, discoveredAt, catalog }: Discovery): StreamableFile {
    const head = JSON.stringify(SchemaResponseDto.head({ connection, discoveredAt }));
    const open = Buffer.from(`${head.slice(0, -1)},"tables":[`);
    const close = Buffer.from(']}');
    const { chunks, bytes } = catalog.tablesJson();
    const length = open.length + bytes + Math.max(chunks.length - 1, 0) + close.length;
    return new StreamableFile(Readable.from(bodyParts(open, chunks, close)), {
      type: JSON_TYPE,
      length,
    });
  }

  /**
   * A batch of tables (sorted) as the UTF-8 JSON of their SchemaTableDto list without its
   * brackets, one Buffer per CHUNK_COLUMNS columns' worth of tables, the chunks to be joined with
   * `,`; `fieldsJson[i]` is `JSON.stringify` of table i's column names (DiscoveredCatalog makes it
   * once for the body and the cache). Byte for byte `JSON.stringify` of the tables, but each
   * distinct column object is stringified and encoded once (a driver may hand the same object for
   * every column with the same name, type and flags, as PostgreSQL's does) and each chunk is one
   * copy of those bytes: no stringify of 400,000 column objects, no 32 MB of strings to flatten,
   * measure and encode again when they are sent.
   */
  static tablesJson(
    this: void,
    tables: readonly DiscoveredTable[],
    fieldsJson: readonly string[],
  ): Buffer[] {
    const columnJson = new Map<DiscoveredColumn, Buffer>();
    const chunks: Buffer[] = [];
    let pieces: Buffer[] = [];
    let bytes = 0;
    let columns = 0;
    const push = (piece: Buffer) => {
      pieces.push(piece);
      bytes += piece.length;
    };
    tables.forEach((table, index) => {
      if (pieces.length > 0) push(COMMA);
      push(
        Buffer.from(
          `{"name":${JSON.stringify(table.name)},"kind":${JSON.stringify(table.kind)},"fields":${fieldsJson[index]},"columns":[`,
        ),
      );
      table.columns.forEach((column, position) => {
        let json = columnJson.get(column);
        if (json === undefined) {
          // The driver's column objects have exactly SchemaColumnDto's shape (DiscoveredColumn:
          // catalog facts, nothing stored or secret), so they are serialised as they are.
          json = Buffer.from(JSON.stringify(column));
          if (columnJson.size < COLUMN_TEXTS) columnJson.set(column, json);
        }
        if (position > 0) push(COMMA);
        push(json);
      });
      push(TABLE_END);
      columns += table.columns.length + 1;
      if (columns >= CHUNK_COLUMNS) {
        chunks.push(Buffer.concat(pieces, bytes));
        pieces = [];
        bytes = 0;
        columns = 0;
      }
    });
    if (pieces.length > 0) chunks.push(Buffer.concat(pieces, bytes));
    return chunks;
  }

  private static head({
    connection,
    discoveredAt,
  }: Pick<Discovery, 'connection' | 'discoveredAt'>): Omit<SchemaResponseDto, 'tables'> {
    return {
      id: connection.id,
      configName: connection.configName,
      databaseName: connection.databaseName,
      type: connection.type,
      discoveredAt: discoveredAt.toISOString(),
    };
  }
}

/** The body's parts in order: `open`, the chunks separated by commas, `close`. */
function* bodyParts(open: Buffer, chunks: readonly Buffer[], close: Buffer): Generator<Buffer> {
  yield open;
  for (let index = 0; index < chunks.length; index++) {
    if (index > 0) yield COMMA;
    yield chunks[index];
  }
  yield close;
}

import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { Discovery } from '../discovery/schema-discovery.service';

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

  /** Built explicitly from the discovery: nothing of the stored connection but these four fields. */
  static from({ connection, discoveredAt, tables }: Discovery): SchemaResponseDto {
    return {
      id: connection.id,
      configName: connection.configName,
      databaseName: connection.databaseName,
      type: connection.type,
      discoveredAt: discoveredAt.toISOString(),
      tables: tables.map((table) => ({
        name: table.name,
        kind: table.kind,
        fields: table.columns.map((column) => column.name),
        // The driver's column objects have exactly this shape (DiscoveredColumn: catalog facts,
        // nothing stored or secret), so they are sent as they are: no copy of 40,000 objects.
        columns: table.columns,
      })),
    };
  }
}

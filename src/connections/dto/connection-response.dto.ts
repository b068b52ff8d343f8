import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Connection } from '../domain/connection';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { SslResponseDto } from './ssl.dto';

/** What a client sees of a connection: never the password, the key, a PEM or a ciphertext. */
export class ConnectionResponseDto {
  @ApiProperty({ format: 'uuid', example: '019abcde-f012-7345-8678-9abcdef01234' })
  id: string;

  @ApiProperty({ example: 'production-db' })
  configName: string;

  @ApiPropertyOptional({ example: 'my-product', description: 'Absent while the connection is unassigned.' })
  productName?: string;

  @ApiProperty({ enum: ENGINE_TYPES })
  type: EngineType;

  @ApiProperty({ example: 'db.example.com' })
  host: string;

  @ApiProperty({ example: 5432 })
  port: number;

  @ApiProperty({ example: 'mydatabase' })
  databaseName: string;

  @ApiProperty({ example: 'dbuser' })
  userName: string;

  @ApiPropertyOptional({ example: 'public' })
  schema?: string;

  @ApiPropertyOptional({ type: SslResponseDto })
  ssl?: SslResponseDto;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  metadata?: Record<string, string>;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  /**
   * Built field by field from the domain type, so nothing secret can leak in. Every key is always
   * present (undefined ones are left out of the JSON), which keeps one object shape and makes a
   * list page cheaper to serialise (docs/benchmarks.md).
   */
  static from(connection: Connection): ConnectionResponseDto {
    return {
      id: connection.id,
      configName: connection.configName,
      productName: connection.productName ?? undefined,
      type: connection.type,
      host: connection.host,
      port: connection.port,
      databaseName: connection.databaseName,
      userName: connection.userName,
      schema: connection.schema ?? undefined,
      ssl: connection.ssl ? { mode: connection.ssl.mode } : undefined,
      metadata: Object.keys(connection.metadata).length > 0 ? connection.metadata : undefined,
      createdAt: connection.createdAt.toISOString(),
      updatedAt: connection.updatedAt.toISOString(),
    };
  }
}

export class ConnectionPageDto {
  @ApiProperty({ type: [ConnectionResponseDto] })
  items: ConnectionResponseDto[];

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 10 })
  limit: number;

  @ApiProperty({ example: 42 })
  total: number;
}

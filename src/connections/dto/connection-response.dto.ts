import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Connection, ENGINE_TYPES, EngineType } from '../domain/connection';
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

  static from(connection: Connection): ConnectionResponseDto {
    const response = new ConnectionResponseDto();
    response.id = connection.id;
    response.configName = connection.configName;
    if (connection.productName) response.productName = connection.productName;
    response.type = connection.type;
    response.host = connection.host;
    response.port = connection.port;
    response.databaseName = connection.databaseName;
    response.userName = connection.userName;
    if (connection.schema) response.schema = connection.schema;
    if (connection.ssl) response.ssl = { mode: connection.ssl.mode };
    if (Object.keys(connection.metadata).length > 0) response.metadata = { ...connection.metadata };
    response.createdAt = connection.createdAt.toISOString();
    response.updatedAt = connection.updatedAt.toISOString();
    return response;
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

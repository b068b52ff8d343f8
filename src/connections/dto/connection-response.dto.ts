import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Connection } from '../domain/connection';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { SshTunnelResponseDto } from './ssh-tunnel.dto';
import { SslResponseDto } from './ssl.dto';

/** What a client sees of a connection: never the password, the key, a PEM or a ciphertext. */
@ApiSchema({
  name: 'ConnectionResponse',
  description: 'A connection as clients see it: never a password, a key or a certificate.',
})
export class ConnectionResponseDto {
  @ApiProperty({ format: 'uuid', example: '019abcde-f012-7345-8678-9abcdef01234' })
  id: string;

  @ApiProperty({ example: 'production-db' })
  configName: string;

  @ApiPropertyOptional({
    example: 'my-product',
    description: 'Absent while the connection is unassigned.',
  })
  productName?: string;

  @ApiProperty({ enum: ENGINE_TYPES })
  type: EngineType;

  @ApiProperty({ example: 'db.example.com' })
  host: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 65535, example: 5432 })
  port: number;

  @ApiProperty({ example: 'mydatabase' })
  databaseName: string;

  @ApiProperty({ example: 'dbuser' })
  userName: string;

  @ApiPropertyOptional({ example: 'public' })
  schema?: string;

  @ApiPropertyOptional({ type: SslResponseDto })
  ssl?: SslResponseDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { environment: 'production', team: 'data-engineering' },
    description: 'Absent when empty.',
  })
  metadata?: Record<string, string>;

  @ApiPropertyOptional({
    type: 'boolean',
    enum: [true],
    example: true,
    description:
      'Present (`true`) on a connection declared in the provisioning file of the service (`PROVISIONING_FILE`); ' +
      'absent on every other one. Such a connection is changed through that file only: PATCH and DELETE answer ' +
      '409 FET-1017. Test, schema, validate-schema and assign work on it as on any other.',
  })
  provisioned?: boolean;

  @ApiPropertyOptional({
    type: SshTunnelResponseDto,
    description:
      'The SSH bastion the database is reached through, without its secrets. Absent without a tunnel.',
  })
  sshTunnel?: SshTunnelResponseDto;

  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2024-01-15T10:30:00.000Z' })
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
      provisioned: connection.provisioned ? true : undefined,
      sshTunnel: connection.sshTunnel ? SshTunnelResponseDto.from(connection.sshTunnel) : undefined,
      createdAt: connection.createdAt.toISOString(),
      updatedAt: connection.updatedAt.toISOString(),
    };
  }
}

@ApiSchema({
  name: 'ConnectionPage',
  description: 'One page of connections, in a stable order (ties broken by id).',
})
export class ConnectionPageDto {
  @ApiProperty({ type: [ConnectionResponseDto] })
  items: ConnectionResponseDto[];

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  page: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 10 })
  limit: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    example: 42,
    description: 'All matching connections, on every page.',
  })
  total: number;
}

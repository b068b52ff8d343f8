import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { fet } from '../../common/validation/fet-context';
import { IsMetadata } from '../../common/validation/metadata-rules';
import {
  HasNoNul,
  IsHostName,
  IsPlainObject,
  IsPresent,
  Trim,
  TrimHost,
} from '../../common/validation/validators';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { AllowedHostRule } from './allowed-host.rule';
import { SshTunnelDto } from './ssh-tunnel.dto';
import { SslDto } from './ssl.dto';

export const CONFIG_NAME = /^[a-zA-Z0-9_-]+$/;

@ApiSchema({
  name: 'CreateConnectionRequest',
  description:
    'A new connection. The password (and `ssl.key`, and the secrets of `sshTunnel`) are encrypted at rest and never returned.',
})
export class CreateConnectionDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 100,
    pattern: '^[a-zA-Z0-9_-]+$',
    example: 'production-db',
  })
  @Trim()
  @IsPresent()
  @IsString()
  @Length(3, 100)
  @Matches(CONFIG_NAME, { message: 'must contain only letters, digits, underscores and hyphens' })
  configName: string;

  @ApiProperty({ enum: ENGINE_TYPES, example: 'POSTGRESQL' })
  @Trim()
  @IsPresent()
  @IsIn(ENGINE_TYPES, { message: `must be one of ${ENGINE_TYPES.join(', ')}` })
  type: EngineType;

  @ApiProperty({
    maxLength: 253,
    example: 'db.example.com',
    description:
      'Host name (RFC 1123), IPv4 or IPv6 literal. Behind an `sshTunnel` it is resolved and dialled by the bastion.',
  })
  @TrimHost()
  @IsPresent()
  @IsHostName()
  @Validate(AllowedHostRule, ['database'], fet(FetErrorCode.ForbiddenHost))
  host: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 65535, example: 5432 })
  @IsPresent()
  @IsInt()
  @Min(1)
  @Max(65535)
  port: number;

  @ApiProperty({
    minLength: 1,
    maxLength: 128,
    example: 'mydatabase',
    description: 'For ORACLE, the service name.',
  })
  @Trim()
  @IsPresent()
  @IsString()
  @MaxLength(128)
  @HasNoNul()
  databaseName: string;

  @ApiProperty({ minLength: 1, maxLength: 128, example: 'dbuser' })
  @Trim()
  @IsPresent()
  @IsString()
  @MaxLength(128)
  @HasNoNul()
  userName: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 1024,
    format: 'password',
    writeOnly: true,
    example: 'secretpassword',
  })
  @IsPresent()
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({
    maxLength: 128,
    example: 'public',
    description: 'Default schema for discovery.',
  })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @HasNoNul()
  schema?: string;

  @ApiPropertyOptional({ type: SslDto })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => SslDto)
  ssl?: SslDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 2000 },
    example: { environment: 'production', team: 'data-engineering' },
    description: 'Flat object of strings: at most 50 keys, keys ≤100 and values ≤2000 characters.',
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ type: SshTunnelDto })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => SshTunnelDto)
  sshTunnel?: SshTunnelDto;
}

import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
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
  MinLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { fet } from '../../common/validation/fet-context';
import { IsMetadata } from '../../common/validation/metadata-rules';
import {
  HasNoNul,
  IsHostName,
  IsOptionalNotNull,
  IsPlainObject,
  Trim,
  TrimHost,
} from '../../common/validation/validators';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { AllowedHostRule } from './allowed-host.rule';
import { CONFIG_NAME } from './create-connection.dto';
import { UpdateSshTunnelDto } from './ssh-tunnel.dto';
import { SslDto } from './ssl.dto';

const NOT_BLANK = { message: 'must not be blank' };

/**
 * PATCH body: any subset of the create fields. Absent = unchanged; null is refused except where
 * it means "remove" (`schema`, `ssl`, `metadata`, `sshTunnel`).
 */
@ApiSchema({
  name: 'UpdateConnectionRequest',
  description: 'Any subset of the create fields; absent fields are kept.',
})
export class UpdateConnectionDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: 100, pattern: '^[a-zA-Z0-9_-]+$' })
  @Trim()
  @IsOptionalNotNull()
  @IsString()
  @Length(3, 100)
  @Matches(CONFIG_NAME, { message: 'must contain only letters, digits, underscores and hyphens' })
  configName?: string;

  @ApiPropertyOptional({ enum: ENGINE_TYPES })
  @Trim()
  @IsOptionalNotNull()
  @IsIn(ENGINE_TYPES, { message: `must be one of ${ENGINE_TYPES.join(', ')}` })
  type?: EngineType;

  @ApiPropertyOptional({ maxLength: 253 })
  @TrimHost()
  @IsOptionalNotNull()
  @IsHostName()
  @Validate(AllowedHostRule, ['database-update'], fet(FetErrorCode.ForbiddenHost))
  host?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 65535 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @Trim()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1, NOT_BLANK)
  @MaxLength(128)
  @HasNoNul()
  databaseName?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 128 })
  @Trim()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1, NOT_BLANK)
  @MaxLength(128)
  @HasNoNul()
  userName?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 1024,
    format: 'password',
    writeOnly: true,
    description: 'Absent keeps the stored password.',
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/\S/, NOT_BLANK)
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: 128,
    nullable: true,
    description: 'null removes the default schema.',
  })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @HasNoNul()
  schema?: string | null;

  @ApiPropertyOptional({
    type: SslDto,
    nullable: true,
    description: 'Replaces the whole SSL block; null removes SSL.',
  })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => SslDto)
  ssl?: SslDto | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 2000 },
    nullable: true,
    description: 'Replaces the whole map; {} or null clears it.',
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string> | null;

  @ApiPropertyOptional({
    type: UpdateSshTunnelDto,
    nullable: true,
    description:
      'Replaces the whole SSH tunnel block; null removes the tunnel. A block without `privateKey` and `password` keeps ' +
      'the stored secrets while `host`, `port` and `userName` stay the same.',
  })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => UpdateSshTunnelDto)
  sshTunnel?: UpdateSshTunnelDto | null;
}

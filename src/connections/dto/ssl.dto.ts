import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { fet } from '../../common/validation/fet-context';
import { IsPem, IsPresent, Trim } from '../../common/validation/validators';
import { SSL_MODES, SslMode } from '../../engines/engine';

/** A PEM-shaped example: what the Swagger UI shows, and what the server accepts as a shape. */
export const PEM_CERTIFICATE_EXAMPLE =
  '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEbV...\n-----END CERTIFICATE-----\n';

@ApiSchema({ name: 'SSL', description: 'TLS settings; `ca`, `cert` and `key` are never returned.' })
export class SslDto {
  @ApiProperty({ enum: SSL_MODES, example: 'require', description: 'TLS mode (spec §5).' })
  @Trim()
  @IsPresent()
  @IsIn(
    SSL_MODES,
    fet(FetErrorCode.InvalidSslConfiguration, {
      message: 'must be disable, require, verify-ca or verify-full',
    }),
  )
  mode: SslMode;

  @ApiPropertyOptional({
    description: 'CA certificate (PEM, at most 64 KiB). Never returned.',
    example: PEM_CERTIFICATE_EXAMPLE,
  })
  @IsOptional()
  @IsPem()
  ca?: string;

  @ApiPropertyOptional({
    description: 'Client certificate (PEM, at most 64 KiB). Never returned.',
    example: PEM_CERTIFICATE_EXAMPLE,
  })
  @IsOptional()
  @IsPem()
  cert?: string;

  @ApiPropertyOptional({
    description: 'Client private key (PEM, at most 64 KiB). Encrypted at rest, never returned.',
  })
  @IsOptional()
  @IsPem()
  key?: string;
}

@ApiSchema({ name: 'SslResponse', description: 'What is returned of `ssl`: the mode only.' })
export class SslResponseDto {
  @ApiProperty({ enum: SSL_MODES, example: 'require' })
  mode: SslMode;
}

import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
} from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { fet } from '../../common/validation/fet-context';
import {
  HasNoNul,
  IsHostName,
  IsPresent,
  Trim,
  TrimHost,
} from '../../common/validation/validators';
import { StoredSshTunnel } from '../domain/connection';
import { DEFAULT_SSH_PORT } from '../domain/ssh-tunnel-secrets';
import { AllowedHostRule } from './allowed-host.rule';
import {
  IsHostKeyFingerprint,
  IsPassphrase,
  IsSshPrivateKey,
  OpensSshPrivateKey,
} from './ssh-tunnel.rules';

const NOT_BLANK = { message: 'must not be blank' };
const FINGERPRINT_EXAMPLE = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';

const given = (value: unknown) => value !== undefined && value !== null;

/** What every `sshTunnel` block holds, in a create or a PATCH alike (spec §5.1). */
abstract class SshTunnelFields {
  @ApiProperty({
    maxLength: 253,
    example: 'bastion.example.com',
    description: 'The bastion: host name (RFC 1123), IPv4 or IPv6 literal.',
  })
  @TrimHost()
  @IsPresent()
  @IsHostName()
  @Validate(AllowedHostRule, ['bastion'], fet(FetErrorCode.ForbiddenHost))
  host: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 65535,
    default: DEFAULT_SSH_PORT,
    example: 22,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  @ApiProperty({ minLength: 1, maxLength: 128, example: 'tunnel' })
  @Trim()
  @IsPresent()
  @IsString()
  @MaxLength(128)
  @HasNoNul()
  userName: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 1024,
    format: 'password',
    writeOnly: true,
    description:
      'Opens an encrypted `privateKey` (required then). Encrypted at rest, never returned.',
  })
  @ValidateIf(
    (block: SshTunnelFields & { privateKey?: unknown }) =>
      given(block.passphrase) || typeof block.privateKey === 'string',
  )
  @IsPassphrase()
  @OpensSshPrivateKey()
  passphrase?: string;

  @ApiProperty({
    pattern: '^SHA256:[A-Za-z0-9+/]{43}$',
    example: FINGERPRINT_EXAMPLE,
    description:
      'The bastion’s host key as `ssh-keygen -lf <key.pub>` (or `ssh-keyscan <host> | ssh-keygen -lf -`) prints it. ' +
      'A bastion whose key differs is never sent a secret.',
  })
  @Trim()
  @IsPresent()
  @IsString()
  @IsHostKeyFingerprint()
  hostKeyFingerprint: string;
}

const PRIVATE_KEY_DOC = {
  format: 'password',
  writeOnly: true,
  maxLength: 65536,
  description:
    'OpenSSH (`BEGIN OPENSSH PRIVATE KEY`) or PEM (`BEGIN RSA|EC|DSA PRIVATE KEY`), at most 64 KiB; ed25519, ECDSA or ' +
    'RSA. Not trimmed. Encrypted at rest, never returned.',
} as const;

const PASSWORD_DOC = {
  minLength: 1,
  maxLength: 1024,
  format: 'password',
  writeOnly: true,
  description: 'The SSH user’s password. Not trimmed. Encrypted at rest, never returned.',
} as const;

/** `sshTunnel` of a create, an import or a test before saving: `privateKey` or `password` required (FET-0402). */
@ApiSchema({
  name: 'SshTunnel',
  description:
    'Reach the database through an SSH bastion. `privateKey` (with `passphrase` when encrypted) or `password` is ' +
    'required; the secrets are encrypted at rest and never returned.',
})
export class SshTunnelDto extends SshTunnelFields {
  @ApiPropertyOptional(PRIVATE_KEY_DOC)
  @ValidateIf((block: SshTunnelDto, value: unknown) => given(value) || !given(block.password))
  @IsPresent('is required when sshTunnel.password is not given')
  @IsString()
  @HasNoNul()
  @IsSshPrivateKey()
  privateKey?: string;

  @ApiPropertyOptional(PASSWORD_DOC)
  @ValidateIf((block: SshTunnelDto, value: unknown) => given(value) || !given(block.privateKey))
  @IsPresent('is required when sshTunnel.privateKey is not given')
  @IsString()
  @Matches(/\S/, NOT_BLANK)
  @MaxLength(1024)
  password?: string;
}

/**
 * `sshTunnel` of a PATCH: replaces the whole block. Without `privateKey` and `password` it keeps the
 * stored secrets, which the credential guard allows only while `host`, `port` and `userName` stay.
 */
@ApiSchema({
  name: 'SshTunnelUpdate',
  description:
    'Replaces the whole SSH tunnel block. Without `privateKey` and `password` the stored secrets are kept, which is ' +
    'allowed only while `host`, `port` and `userName` stay the same (else 400 FET-0402).',
})
export class UpdateSshTunnelDto extends SshTunnelFields {
  @ApiPropertyOptional(PRIVATE_KEY_DOC)
  @IsOptional()
  @IsString()
  @HasNoNul()
  @IsSshPrivateKey()
  privateKey?: string;

  @ApiPropertyOptional(PASSWORD_DOC)
  @IsOptional()
  @IsString()
  @Matches(/\S/, NOT_BLANK)
  @MaxLength(1024)
  password?: string;
}

/** What is returned of `sshTunnel`: where the bastion is and whom it must be, never a secret. */
@ApiSchema({ name: 'SshTunnelResponse', description: 'The SSH tunnel without its secrets.' })
export class SshTunnelResponseDto {
  @ApiProperty({ example: 'bastion.example.com' })
  host: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 65535, example: 22 })
  port: number;

  @ApiProperty({ example: 'tunnel' })
  userName: string;

  @ApiProperty({ example: FINGERPRINT_EXAMPLE })
  hostKeyFingerprint: string;

  static from(tunnel: StoredSshTunnel): SshTunnelResponseDto {
    return {
      host: tunnel.host,
      port: tunnel.port,
      userName: tunnel.userName,
      hostKeyFingerprint: tunnel.hostKeyFingerprint,
    };
  }
}

import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FetErrorCode } from './fet-error-code';
import { FET_ERROR_CATALOG } from './fet-error-catalog';

const EXAMPLE = FET_ERROR_CATALOG[FetErrorCode.BadRequest];

/** The one error body (spec §2), as the seed page names it: `Error`. */
@ApiSchema({
  name: 'Error',
  description:
    'Every error, on every route: a stable FET code, its title and message, and the fields at fault.',
})
export class FetErrorDto {
  @ApiProperty({
    pattern: '^FET-\\d{4}$',
    example: 'FET-0001',
    description: 'Stable identifier of the error.',
  })
  code: string;

  @ApiProperty({ example: EXAMPLE.title, description: 'Short, stable English title of the code.' })
  title: string;

  @ApiProperty({
    example: EXAMPLE.message,
    description: 'What to do about it; never a secret or a raw driver error.',
  })
  message: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { port: 'must be an integer' },
    description:
      'Field (JSON name, `ssl.mode`, `metadata.team`, a header or query parameter) → why it was refused.',
  })
  fields?: Record<string, string>;
}

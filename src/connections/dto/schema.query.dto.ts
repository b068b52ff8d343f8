import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsOptional, Matches } from 'class-validator';
import { queryRule } from '../../common/validation/fet-context';

/** `a, b,,a` → `['a', 'b']`: trimmed names, empty ones and repeats dropped. */
const namesOf = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? [
        ...new Set(
          value
            .split(',')
            .map((name) => name.trim())
            .filter((name) => name !== ''),
        ),
      ]
    : value;

/** GET /{id}/schema's query (spec §3.7). */
export class SchemaQueryDto {
  /** Comma-separated schemas to read (default: every schema the account can see). */
  // One `a,b` value, not a repeated parameter; swagger copies these fields, its options type omits them.
  @ApiPropertyOptional({ style: 'form', explode: false } as ApiPropertyOptions)
  @Transform(namesOf)
  @IsOptional()
  @ArrayNotEmpty(queryRule(1, { message: 'must name at least one schema' }))
  // A pattern, not MaxLength: the swagger plugin documents a pattern on the items but a length on the array.
  @Matches(
    /^[\s\S]{1,128}$/,
    queryRule(2, { each: true, message: 'each schema name must be at most 128 characters' }),
  )
  schema?: string[];
}

import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsOptional,
  Matches,
  ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
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

/** `a*, b` → `['a*', 'b']`: trimmed globs, repeats dropped; a blank one is kept (and refused). */
const globsOf = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? [...new Set(value.split(',').map((glob) => glob.trim()))] : value;

/** Most `tables=` globs in one request. */
export const MAX_TABLE_GLOBS = 50;
/** Longest `tables=` glob: a 128-character schema, a dot and a 128-character table. */
export const MAX_TABLE_GLOB_LENGTH = 257;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** What is wrong with one glob, or undefined when it is fine. */
export function tableGlobProblem(glob: unknown): string | undefined {
  if (typeof glob !== 'string' || glob.trim() === '') return 'must not hold a blank table pattern';
  if (glob.length > MAX_TABLE_GLOB_LENGTH)
    return `each table pattern must be at most ${MAX_TABLE_GLOB_LENGTH} characters`;
  if (CONTROL_CHARACTER.test(glob)) return 'a table pattern must not hold control characters';
  return undefined;
}

/** Every glob non-blank, short enough, without control characters; the message names the first problem. */
function AreTableGlobs(options: ValidationOptions): PropertyDecorator {
  const firstProblem = (value: unknown) =>
    Array.isArray(value) ? value.map(tableGlobProblem).find(Boolean) : tableGlobProblem(value);
  return (target, propertyName) =>
    registerDecorator({
      name: 'areTableGlobs',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => firstProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          firstProblem(args?.value) ?? 'must be table patterns',
      },
    });
}

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

  /**
   * Comma-separated globs: only the tables whose name as shown in the response (unqualified in
   * the connection's default schema, else `schema.table`; Oracle names compared upper-cased;
   * MongoDB collection names) matches one of them. `*` stands for any run of characters, every
   * other character for itself. Filtered in the catalog query; at most 50 globs of at most 257
   * characters each, none blank, no control characters. A filtered discovery does not refresh
   * the schema cache. Example: `orders*,sales.*`.
   */
  // No `example`: Swagger UI would fill it in on "Try it out", and a new user's first discovery
  // would answer only the tables of the example.
  @ApiPropertyOptional({
    style: 'form',
    explode: false,
    type: 'array',
    maxItems: MAX_TABLE_GLOBS,
    items: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_TABLE_GLOB_LENGTH,
      pattern: '^[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*$',
    },
  } as ApiPropertyOptions)
  @Transform(globsOf)
  @IsOptional()
  @ArrayMaxSize(
    MAX_TABLE_GLOBS,
    queryRule(3, { message: `must hold at most ${MAX_TABLE_GLOBS} table patterns` }),
  )
  @AreTableGlobs(queryRule(4))
  tables?: string[];
}

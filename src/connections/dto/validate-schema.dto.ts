import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FetErrorDto } from '../../common/errors/fet-error.dto';
import { SchemaProblemType } from '../discovery/schema-validation.service';

const PROBLEM_TYPES: SchemaProblemType[] = [
  'DATA_SOURCE_NOT_FOUND',
  'DATA_SOURCE_DOWN',
  'TABLE_NOT_FOUND',
  'FIELD_NOT_FOUND',
];

/** The mapping the request example names: what the Swagger UI sends on its first click. */
export const VALIDATE_SCHEMA_EXAMPLE = {
  mappedFields: {
    'production-db': { transactions: ['account_id', 'amount'], accounts: ['id', 'name'] },
  },
};

/** OpenAPI description of the validate-schema body (parsed by parseValidateSchemaRequest). */
@ApiSchema({ name: 'ValidateSchemaRequest' })
export class ValidateSchemaRequestDto {
  @ApiProperty({
    description:
      'configName → table → field names. At most 10 data sources, 20 tables each, 50 fields per table. ' +
      'A dotted field (`address.city`) is a nested field; a field also exists when it is the parent of one.',
    type: 'object',
    additionalProperties: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
    example: VALIDATE_SCHEMA_EXAMPLE.mappedFields,
  })
  mappedFields: Record<string, Record<string, string[]>>;
}

@ApiSchema({ name: 'ValidateSchemaResponse' })
export class ValidateSchemaResponseDto {
  @ApiProperty({ enum: ['success'] })
  status: 'success';

  @ApiProperty({ example: 'All mapped tables and fields exist in their data sources.' })
  message: string;
}

@ApiSchema({
  name: 'SchemaProblem',
  description: 'One mapped name that does not exist (or whose data source cannot be read).',
})
export class SchemaProblemDto {
  @ApiProperty({ enum: PROBLEM_TYPES, example: 'FIELD_NOT_FOUND' })
  type: SchemaProblemType;

  @ApiProperty({ example: 'production-db', description: 'The configName as the request wrote it.' })
  dataSourceId: string;

  @ApiPropertyOptional({ example: 'transactions' })
  table?: string;

  @ApiPropertyOptional({ example: 'ammount' })
  field?: string;

  @ApiPropertyOptional({
    example: 'amount',
    description: 'The closest existing name, when one is close.',
  })
  suggestion?: string;
}

@ApiSchema({
  name: 'SchemaValidationError',
  description:
    'FET-1060: the `Error` body with the problems, sorted by dataSourceId, table, field.',
})
export class SchemaValidationErrorDto extends FetErrorDto {
  @ApiProperty({ type: [SchemaProblemDto] })
  errors: SchemaProblemDto[];
}

/** The `errors` of the 422 example. */
export const SCHEMA_PROBLEMS_EXAMPLE: SchemaProblemDto[] = [
  {
    type: 'TABLE_NOT_FOUND',
    dataSourceId: 'production-db',
    table: 'acounts',
    suggestion: 'accounts',
  },
  {
    type: 'FIELD_NOT_FOUND',
    dataSourceId: 'production-db',
    table: 'transactions',
    field: 'ammount',
    suggestion: 'amount',
  },
];

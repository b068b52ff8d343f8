import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI description of the validate-schema body (parsed by parseValidateSchemaRequest). */
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
    example: { sales_db: { transactions: ['account_id', 'amount'], 'public.accounts': ['id'] } },
  })
  mappedFields: Record<string, Record<string, string[]>>;
}

export class ValidateSchemaResponseDto {
  @ApiProperty({ enum: ['success'] })
  status: 'success';

  @ApiProperty({ example: 'All mapped tables and fields exist in their data sources.' })
  message: string;
}

import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { productNameHeader } from '../openapi/api-headers';
import { BY_ID, ID_PARAM, PRODUCT_FILTER, stacked } from './connections.api-docs';
import { ConnectionTestResultDto } from './dto/connection-test-result.dto';
import { SchemaResponseDto } from './dto/schema-response.dto';
import {
  SCHEMA_PROBLEMS_EXAMPLE,
  SchemaValidationErrorDto,
  VALIDATE_SCHEMA_EXAMPLE,
  ValidateSchemaRequestDto,
  ValidateSchemaResponseDto,
} from './dto/validate-schema.dto';

/** The OpenAPI description of the routes that reach a customer's database: test, schema, validate-schema. */

export const TestDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Test the connection',
      description:
        'Dials the database with the stored settings under one overall deadline and reports each stage. ' +
        'Always 200 when the test ran, whether it succeeded or failed. Rate limited per connection.',
    }),
    ApiOkResponse({
      type: ConnectionTestResultDto,
      example: {
        status: 'success',
        message: 'Connection successful',
        latencyMs: 12,
        serverVersion: 'PostgreSQL 16.4',
        checks: [
          { stage: 'resolve', status: 'ok', durationMs: 1 },
          { stage: 'connect', status: 'ok', durationMs: 2 },
          { stage: 'tls', status: 'skipped', durationMs: 0 },
          { stage: 'authenticate', status: 'ok', durationMs: 6 },
          { stage: 'query', status: 'ok', durationMs: 3 },
        ],
      },
    }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID, E.RateLimitExceeded),
  );

export const SchemaDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Discover the tables and columns behind a connection',
      description:
        'Reads the database catalog live (one overall deadline) and refreshes the cache that validate-schema uses. ' +
        'Every non-system schema the account can see, or only those named in `schema`. Rate limited per connection.',
    }),
    ApiOkResponse({ type: SchemaResponseDto }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(
      ...BY_ID,
      E.InvalidQueryParameter,
      E.ForbiddenHost,
      E.RateLimitExceeded,
      E.DatabaseConnectionError,
      E.SchemaRetrievalError,
    ),
  );

export const ValidateSchemaDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Check that mapped tables and fields exist',
      description:
        'For each connection named by configName, checks that every mapped table and field exists, from the cached ' +
        'schema while it is fresh, else by a live discovery. 200 when all exist; 422 FET-1060 lists each problem, with ' +
        'the closest existing name as `suggestion` when one is close.',
    }),
    ApiBody({
      required: true,
      schema: { $ref: getSchemaPath(ValidateSchemaRequestDto) },
      examples: {
        'One data source': { summary: 'One data source', value: VALIDATE_SCHEMA_EXAMPLE },
      },
    }),
    ApiOkResponse({ type: ValidateSchemaResponseDto }),
    ApiHeader(productNameHeader(false, 'Only connections of this product resolve.')),
    ApiFetErrors(
      E.UnexpectedFields,
      E.InvalidDataRequest,
      E.MissingFields,
      E.InvalidHeader,
      E.ForbiddenHost,
      E.RateLimitExceeded,
      {
        code: E.SchemaValidationFailed,
        type: SchemaValidationErrorDto,
        example: { errors: SCHEMA_PROBLEMS_EXAMPLE },
      },
      E.ValidationLimitExceeded,
      E.NoConnectionsFound,
    ),
  );

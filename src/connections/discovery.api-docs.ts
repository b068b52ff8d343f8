import {
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { productNameHeader } from '../openapi/api-headers';
import { BY_ID, ID_PARAM, PRODUCT_FILTER, stacked } from './connections.api-docs';
import {
  TEST_AUTH_FAILED_EXAMPLE,
  TEST_SUCCESS_EXAMPLE,
  TEST_UNSAVED_EXAMPLE,
} from './dto/connection.examples';
import { ConnectionTestResultDto } from './dto/connection-test-result.dto';
import { SchemaResponseDto } from './dto/schema-response.dto';
import { TestConnectionDto } from './dto/test-connection.dto';
import {
  SCHEMA_PROBLEMS_EXAMPLE,
  SchemaValidationErrorDto,
  VALIDATE_SCHEMA_EXAMPLE,
  ValidateSchemaRequestDto,
  ValidateSchemaResponseDto,
} from './dto/validate-schema.dto';

/** The OpenAPI description of the routes that reach a customer's database: test (stored or before saving), schema, validate-schema. */

export const TestDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Test the connection',
      description:
        'Dials the database with the stored settings under one overall deadline and reports each stage. ' +
        'Always 200 when the test ran, whether it succeeded or failed. Rate limited per connection.',
    }),
    ApiOkResponse({ type: ConnectionTestResultDto, example: TEST_SUCCESS_EXAMPLE }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID, E.RateLimitExceeded),
  );

export const TestUnsavedDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Test settings before saving them',
      description:
        'Dials the database with the settings of the body (a create body whose `configName` is optional) and reports ' +
        'each stage, exactly like the test of a stored connection. Nothing is stored: the password and `ssl.key` are ' +
        'used for this one test and dropped. The body is checked like a create body (same codes, same order; an IP ' +
        'literal the host policy forbids is 400 FET-0414), a host name that resolves to a forbidden address fails ' +
        'the test with reason `FORBIDDEN_HOST`. Always 200 when the test ran. Rate limited per organization ' +
        '(`UNSAVED_TEST_RATE_LIMIT` a minute); a refused body is not counted.',
    }),
    ApiExtraModels(TestConnectionDto),
    ApiBody({
      required: true,
      schema: { $ref: getSchemaPath(TestConnectionDto) },
      examples: {
        'PostgreSQL with TLS': { summary: 'PostgreSQL with TLS', value: TEST_UNSAVED_EXAMPLE },
      },
    }),
    ApiOkResponse({
      type: ConnectionTestResultDto,
      examples: {
        Success: { summary: 'Every stage passed', value: TEST_SUCCESS_EXAMPLE },
        'Wrong password': {
          summary: 'The server refused the password',
          value: TEST_AUTH_FAILED_EXAMPLE,
        },
      },
    }),
    ApiHeader(
      productNameHeader(
        false,
        'Not needed: it plays no part in a test before saving, but when given it must be well-formed.',
      ),
    ),
    ApiFetErrors(
      E.UnexpectedFields,
      E.MissingFields,
      E.InvalidHeader,
      E.InvalidMetadataNesting,
      E.MetadataValueTooLong,
      E.MetadataKeyTooLong,
      E.InvalidSslConfiguration,
      E.ForbiddenHost,
      E.RateLimitExceeded,
    ),
  );

export const SchemaDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Discover the tables and columns behind a connection',
      description:
        'Reads the database catalog live (one overall deadline) and refreshes the cache that validate-schema uses. ' +
        'Every non-system schema the account can see, or only those named in `schema`; every table, or only those ' +
        'whose name as shown matches one of the `tables` globs (`*` = any run of characters), filtered in the ' +
        'catalog query itself, so a slice of a huge catalog costs only the slice. A discovery narrowed by `schema` ' +
        'or `tables` does not refresh the cache. Rate limited per connection.',
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

import { Type, applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { ETAG_HEADER, IF_MATCH_HEADER, productNameHeader } from '../openapi/api-headers';
import { REQUIRED_WHEN_DESTINATION_CHANGES } from './domain/credential-guard';
import { CloneConnectionDto } from './dto/clone-connection.dto';
import {
  CLONED_CONNECTION_EXAMPLE,
  CLONE_EXAMPLE,
  CONNECTION_EXAMPLE,
  CREATE_EXAMPLE,
  UPDATE_DESTINATION_EXAMPLE,
  UPDATE_EXAMPLE,
} from './dto/connection.examples';
import { ConnectionPageDto, ConnectionResponseDto } from './dto/connection-response.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';

/**
 * The OpenAPI description of each CRUD route, one decorator per route, so the controller reads as
 * routes and calls. Listed top to bottom as they would be stacked on the method.
 */
export const stacked = (...decorators: MethodDecorator[]) =>
  applyDecorators(...decorators.reverse());

export const ID_PARAM = ApiParam({
  name: 'id',
  format: 'uuid',
  description: 'The connection id.',
  example: '019abcde-f012-7345-8678-9abcdef01234',
});
export const PRODUCT_FILTER = ApiHeader(
  productNameHeader(false, 'When given, the connection must belong to this product (else 404).'),
);
export const BY_ID = [E.InvalidPathParameter, E.InvalidHeader, E.EntityNotFound] as const;
const BODY_ERRORS = [E.UnexpectedFields, E.MissingFields] as const;
const FIELD_ERRORS = [
  E.InvalidMetadataNesting,
  E.MetadataValueTooLong,
  E.MetadataKeyTooLong,
  E.InvalidSslConfiguration,
  E.ForbiddenHost,
  E.Conflict,
] as const;
const WITH_ETAG = { ETag: ETAG_HEADER };

/** The list's metadata filter as one deepObject parameter: `metadata[team]=finance`. */
const METADATA_FILTER = ApiQuery({
  name: 'metadata',
  required: false,
  style: 'deepObject',
  explode: true,
  schema: {
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { team: 'data-engineering' },
  },
  description:
    'Exact match on metadata values, one key per entry, combined with AND: `metadata[team]=finance` ' +
    '(also accepted as `metadata.team=finance`).',
});

/** A JSON body of `type` whose one named example is what the Swagger UI fills in. */
/** The request body: its schema and named examples (the first is what the Swagger UI fills in). */
const body = (
  type: Type<unknown>,
  name: string,
  value: object,
  more: Record<string, object> = {},
) =>
  applyDecorators(
    ApiExtraModels(type),
    ApiBody({
      required: true,
      schema: { $ref: getSchemaPath(type) },
      examples: Object.fromEntries(
        Object.entries({ [name]: value, ...more }).map(([summary, example]) => [
          summary,
          { summary, value: example },
        ]),
      ),
    }),
  );

export const CreateDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Create a connection',
      description:
        'Stores a new connection of the organization under the product of `X-Product-Name`. The `configName` must be ' +
        'unique in the organization (case-insensitive). The password and `ssl.key` are encrypted at rest and never ' +
        'returned. Does not dial the database: use the test route for that.',
    }),
    body(CreateConnectionDto, 'PostgreSQL with TLS', CREATE_EXAMPLE),
    ApiCreatedResponse({
      type: ConnectionResponseDto,
      description: 'The connection.',
      headers: WITH_ETAG,
      example: CONNECTION_EXAMPLE,
    }),
    ApiHeader(productNameHeader(true, 'The product the connection belongs to.')),
    ApiFetErrors(...BODY_ERRORS, E.InvalidHeader, ...FIELD_ERRORS),
  );

export const ListDocs = () =>
  stacked(
    ApiOperation({
      summary: 'List connections',
      description:
        'One page of the organization’s connections, filtered and ordered; `total` counts every match. ' +
        'Filters are combined with AND. There is no implicit date window.',
    }),
    ApiOkResponse({
      type: ConnectionPageDto,
      example: { items: [CONNECTION_EXAMPLE], page: 1, limit: 10, total: 1 },
    }),
    METADATA_FILTER,
    ApiHeader(productNameHeader(false, 'Only connections of this product.')),
    ApiFetErrors(
      E.InvalidHeader,
      E.InvalidQueryParameter,
      E.PaginationLimitExceeded,
      E.InvalidSortOrder,
      E.InvalidDateFormat,
      E.InvalidDateRange,
    ),
  );

export const UnassignedDocs = () =>
  stacked(
    ApiOperation({
      summary: 'List connections that belong to no product',
      description:
        'Connections without a product (provisioned or migrated ones), with the list’s paging and order. Give one a product with assign.',
    }),
    ApiOkResponse({ type: ConnectionPageDto }),
    ApiFetErrors(E.InvalidQueryParameter, E.PaginationLimitExceeded, E.InvalidSortOrder),
  );

export const GetDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Get a connection',
      description:
        'The connection and, in `ETag`, its version. Deleted connections and other organizations’ ones are 404.',
    }),
    ApiOkResponse({
      type: ConnectionResponseDto,
      description: 'The connection.',
      headers: WITH_ETAG,
      example: CONNECTION_EXAMPLE,
    }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID),
  );

export const UpdateDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Update a connection',
      description:
        'Any subset of the create fields; absent fields are kept. `password` absent keeps the stored one. `ssl` replaces ' +
        'the whole block (`null` removes it); `metadata` replaces the whole map (`{}` or `null` clears it); `schema: null` ' +
        'removes the default schema. Send `If-Match` with the `ETag` you read to update only that version. A ' +
        'provisioned connection (`provisioned: true`) is changed through the provisioning file only: 409 FET-1017.\n\n' +
        '**Credential guard.** A change that would send the stored password somewhere it has not been sent before ' +
        'must carry `password` again: a new `type`, `host` or `port`, or a lower `ssl.mode` (verify-full > verify-ca > ' +
        'require > disable; `"ssl": null` counts as disable). Without it: 400 FET-0402 with `fields.password` = ' +
        `"${REQUIRED_WHEN_DESTINATION_CHANGES}", and nothing changes. A value equal to the stored one (a host name ` +
        'in another case) is no change; raising `ssl.mode`, or changing only `databaseName`, `userName`, `schema`, ' +
        '`metadata` or `configName`, needs no password. Checked after 404 and `If-Match`, against the version it replaces.',
    }),
    body(UpdateConnectionDto, 'New account and metadata', UPDATE_EXAMPLE, {
      'Port change (carries the password again)': UPDATE_DESTINATION_EXAMPLE,
    }),
    ApiOkResponse({
      type: ConnectionResponseDto,
      description: 'The updated connection.',
      headers: WITH_ETAG,
    }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiHeader(IF_MATCH_HEADER),
    ApiFetErrors(
      ...BY_ID,
      ...BODY_ERRORS,
      ...FIELD_ERRORS,
      E.ConnectionProvisioned,
      E.PreconditionFailed,
      {
        code: E.MissingFields,
        name: 'FET-0402 credential guard',
        summary: 'The password is required when the destination changes',
        fields: { password: REQUIRED_WHEN_DESTINATION_CHANGES },
      },
    ),
  );

export const RemoveDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Delete a connection',
      description:
        'Soft delete: the connection is gone from every route and its configName is free at once. A provisioned ' +
        'connection (`provisioned: true`) is removed from the provisioning file instead: 409 FET-1017.',
    }),
    ApiNoContentResponse({ description: 'Deleted.' }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID, E.ConnectionProvisioned),
  );

export const AssignDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Give an unassigned connection its product',
      description: 'Once only: a connection that already has a product is 409 FET-1015.',
    }),
    ApiOkResponse({
      type: ConnectionResponseDto,
      description: 'The connection, now with its product.',
      headers: WITH_ETAG,
    }),
    ID_PARAM,
    ApiHeader(productNameHeader(true, 'The product to give it.')),
    ApiFetErrors(...BY_ID, E.AlreadyAssigned),
  );

export const CloneDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Clone a connection',
      description:
        'Stores a new connection (new id, the `configName` of the body, unique in the organization, case-insensitive) with ' +
        'the source’s settings: type, host, port, database, user, schema, SSL (its certificates too) and metadata. It ' +
        'belongs to the source’s product (none when the source has none). The password and `ssl.key` are copied inside ' +
        'the service, encrypted again for the new connection, and never returned. Does not dial the database.',
    }),
    body(CloneConnectionDto, 'A copy under a new name', CLONE_EXAMPLE),
    ApiCreatedResponse({
      type: ConnectionResponseDto,
      description: 'The new connection.',
      headers: WITH_ETAG,
      example: CLONED_CONNECTION_EXAMPLE,
    }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID, ...BODY_ERRORS, E.Conflict),
  );

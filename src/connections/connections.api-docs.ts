import { applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { ENGINE_TYPES } from '../engines/engine';
import { ConnectionPageDto, ConnectionResponseDto } from './dto/connection-response.dto';

/**
 * The OpenAPI description of each CRUD route, one decorator per route, so the controller reads as
 * routes and calls. Listed top to bottom as they would be stacked on the method.
 */
const stacked = (...decorators: MethodDecorator[]) => applyDecorators(...decorators.reverse());

const PRODUCT_DOC = { name: 'X-Product-Name', description: '1–100 of [a-zA-Z0-9_-]; lower-cased.' };
const BY_ID = [E.InvalidPathParameter, E.InvalidHeader, E.EntityNotFound] as const;
const BODY_ERRORS = [E.BadRequest, E.UnexpectedFields, E.MissingFields] as const;
const FIELD_ERRORS = [E.InvalidMetadataNesting, E.MetadataValueTooLong, E.MetadataKeyTooLong, E.InvalidSslConfiguration, E.ForbiddenHost, E.PayloadTooLarge, E.Conflict] as const;
const ID_PARAM = ApiParam({ name: 'id', format: 'uuid' });
const PRODUCT_FILTER = ApiHeader({ ...PRODUCT_DOC, required: false, description: 'When given, the connection must belong to it.' });

function listQueries(withFilters: boolean): MethodDecorator {
  const paging = [
    ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } }),
    ApiQuery({ name: 'sortBy', required: false, enum: ['createdAt', 'updatedAt', 'configName'] }),
    ApiQuery({ name: 'sortOrder', required: false, enum: ['asc', 'desc'] }),
  ];
  const filters = withFilters
    ? [
        ApiQuery({ name: 'type', required: false, enum: [...ENGINE_TYPES] }),
        ApiQuery({ name: 'host', required: false }),
        ApiQuery({ name: 'databaseName', required: false }),
        ApiQuery({ name: 'configName', required: false, description: 'Case-insensitive substring.' }),
        ApiQuery({ name: 'startDate', required: false, description: 'YYYY-MM-DD (UTC), inclusive.' }),
        ApiQuery({ name: 'endDate', required: false, description: 'YYYY-MM-DD (UTC), inclusive.' }),
        ApiQuery({ name: 'metadata.{key}', required: false, description: 'Exact match on one metadata key.' }),
      ]
    : [];
  return applyDecorators(...paging, ...filters);
}

export const CreateDocs = () =>
  stacked(
    ApiOperation({ summary: 'Create a connection' }),
    ApiCreatedResponse({ type: ConnectionResponseDto, description: 'The connection; ETag header carries its version.' }),
    ApiHeader({ ...PRODUCT_DOC, required: true }),
    ApiFetErrors(...BODY_ERRORS, E.InvalidHeader, ...FIELD_ERRORS),
  );

export const ListDocs = () =>
  stacked(
    ApiOperation({ summary: 'List connections' }),
    ApiOkResponse({ type: ConnectionPageDto }),
    ApiHeader({ ...PRODUCT_DOC, required: false, description: 'Only connections of this product.' }),
    listQueries(true),
    ApiFetErrors(E.InvalidHeader, E.InvalidQueryParameter, E.PaginationLimitExceeded, E.InvalidSortOrder, E.InvalidDateFormat, E.InvalidDateRange),
  );

export const UnassignedDocs = () =>
  stacked(
    ApiOperation({ summary: 'List connections that belong to no product' }),
    ApiOkResponse({ type: ConnectionPageDto }),
    listQueries(false),
    ApiFetErrors(E.InvalidQueryParameter, E.PaginationLimitExceeded, E.InvalidSortOrder),
  );

export const GetDocs = () =>
  stacked(
    ApiOperation({ summary: 'Get a connection' }),
    ApiOkResponse({ type: ConnectionResponseDto, description: 'The connection; ETag header carries its version.' }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID),
  );

export const UpdateDocs = () =>
  stacked(
    ApiOperation({ summary: 'Update a connection (absent fields are kept)' }),
    ApiOkResponse({ type: ConnectionResponseDto, description: 'The updated connection and its new ETag.' }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiHeader({ name: 'If-Match', required: false, description: 'ETag read earlier; 412 when the connection changed since.' }),
    ApiFetErrors(...BY_ID, ...BODY_ERRORS, ...FIELD_ERRORS, E.PreconditionFailed),
  );

export const RemoveDocs = () =>
  stacked(
    ApiOperation({ summary: 'Delete a connection (its configName is free at once)' }),
    ApiNoContentResponse({ description: 'Deleted.' }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID),
  );

export const AssignDocs = () =>
  stacked(
    ApiOperation({ summary: 'Give an unassigned connection its product' }),
    ApiOkResponse({ type: ConnectionResponseDto }),
    ID_PARAM,
    ApiHeader({ ...PRODUCT_DOC, required: true }),
    ApiFetErrors(...BY_ID, E.AlreadyAssigned),
  );

import { applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
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
    ApiFetErrors(E.InvalidHeader, E.InvalidQueryParameter, E.PaginationLimitExceeded, E.InvalidSortOrder, E.InvalidDateFormat, E.InvalidDateRange),
  );

export const UnassignedDocs = () =>
  stacked(
    ApiOperation({ summary: 'List connections that belong to no product' }),
    ApiOkResponse({ type: ConnectionPageDto }),
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

import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { JsonBodyGuard } from '../common/http/json-body.guard';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName, RequiredProductName } from '../common/http/product-name.decorator';
import { ConnectionsService } from './connections.service';
import { Connection, connectionETag } from './domain/connection';
import { ConnectionPageDto, ConnectionResponseDto } from './dto/connection-response.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { parseListQuery } from './dto/list-connections.query';
import { UpdateConnectionDto } from './dto/update-connection.dto';

const PRODUCT_DOC = { name: 'X-Product-Name', description: '1–100 of [a-zA-Z0-9_-]; lower-cased.' };
const BY_ID = [E.InvalidPathParameter, E.InvalidHeader, E.EntityNotFound] as const;
const LIST_QUERIES = [
  ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1, default: 1 } }),
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 10 } }),
  ApiQuery({ name: 'sortBy', required: false, enum: ['createdAt', 'updatedAt', 'configName'] }),
  ApiQuery({ name: 'sortOrder', required: false, enum: ['asc', 'desc'] }),
];

function ListQueries(withFilters: boolean): MethodDecorator {
  const filters = withFilters
    ? [
        ApiQuery({ name: 'type', required: false, enum: ['ORACLE', 'SQL_SERVER', 'POSTGRESQL', 'MONGODB', 'MYSQL'] }),
        ApiQuery({ name: 'host', required: false }),
        ApiQuery({ name: 'databaseName', required: false }),
        ApiQuery({ name: 'configName', required: false, description: 'Case-insensitive substring.' }),
        ApiQuery({ name: 'startDate', required: false, description: 'YYYY-MM-DD (UTC), inclusive.' }),
        ApiQuery({ name: 'endDate', required: false, description: 'YYYY-MM-DD (UTC), inclusive.' }),
        ApiQuery({ name: 'metadata.{key}', required: false, description: 'Exact match on one metadata key.' }),
      ]
    : [];
  return (target, key, descriptor) => {
    for (const decorate of [...LIST_QUERIES, ...filters]) decorate(target, key, descriptor);
  };
}

@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** The response for one connection, with its version in `ETag` (spec §3.4). */
  private withETag(response: unknown, connection: Connection): ConnectionResponseDto {
    this.adapterHost.httpAdapter.setHeader(response, 'ETag', connectionETag(connection));
    return ConnectionResponseDto.from(connection);
  }

  @Post()
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Create a connection' })
  @ApiCreatedResponse({ type: ConnectionResponseDto, description: 'The connection; ETag header carries its version.' })
  @ApiHeader({ ...PRODUCT_DOC, required: true })
  @ApiFetErrors(E.BadRequest, E.UnexpectedFields, E.MissingFields, E.InvalidHeader, E.InvalidMetadataNesting, E.MetadataValueTooLong, E.MetadataKeyTooLong, E.InvalidSslConfiguration, E.ForbiddenHost, E.PayloadTooLarge, E.Conflict)
  async create(
    @OrganizationId() organizationId: string,
    @RequiredProductName() productName: string,
    @Body() body: CreateConnectionDto,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.create({ organizationId, productName }, body));
  }

  @Get()
  @ApiOperation({ summary: 'List connections' })
  @ApiOkResponse({ type: ConnectionPageDto })
  @ApiHeader({ ...PRODUCT_DOC, required: false, description: 'Only connections of this product.' })
  @ListQueries(true)
  @ApiFetErrors(E.InvalidHeader, E.InvalidQueryParameter, E.PaginationLimitExceeded, E.InvalidSortOrder, E.InvalidDateFormat, E.InvalidDateRange)
  async list(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Query() query: Record<string, unknown>,
  ): Promise<ConnectionPageDto> {
    const page = await this.connections.list({ organizationId, productName }, parseListQuery(query));
    return { ...page, items: page.items.map((item) => ConnectionResponseDto.from(item)) };
  }

  @Get('unassigned')
  @ApiOperation({ summary: 'List connections that belong to no product' })
  @ApiOkResponse({ type: ConnectionPageDto })
  @ListQueries(false)
  @ApiFetErrors(E.InvalidQueryParameter, E.PaginationLimitExceeded, E.InvalidSortOrder)
  async unassigned(
    @OrganizationId() organizationId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<ConnectionPageDto> {
    const page = await this.connections.listUnassigned({ organizationId }, parseListQuery(query, false));
    return { ...page, items: page.items.map((item) => ConnectionResponseDto.from(item)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a connection' })
  @ApiOkResponse({ type: ConnectionResponseDto, description: 'The connection; ETag header carries its version.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ ...PRODUCT_DOC, required: false, description: 'When given, the connection must belong to it.' })
  @ApiFetErrors(...BY_ID)
  async get(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.get({ organizationId, productName }, id));
  }

  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOperation({ summary: 'Update a connection (absent fields are kept)' })
  @ApiOkResponse({ type: ConnectionResponseDto, description: 'The updated connection and its new ETag.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ ...PRODUCT_DOC, required: false, description: 'When given, the connection must belong to it.' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag read earlier; 412 when the connection changed since.' })
  @ApiFetErrors(...BY_ID, E.BadRequest, E.UnexpectedFields, E.MissingFields, E.InvalidMetadataNesting, E.MetadataValueTooLong, E.MetadataKeyTooLong, E.InvalidSslConfiguration, E.ForbiddenHost, E.PayloadTooLarge, E.Conflict, E.PreconditionFailed)
  async update(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Body() body: UpdateConnectionDto,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.update({ organizationId, productName }, id, body, ifMatch));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a connection (its configName is free at once)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ ...PRODUCT_DOC, required: false, description: 'When given, the connection must belong to it.' })
  @ApiFetErrors(...BY_ID)
  async remove(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
  ): Promise<void> {
    await this.connections.remove({ organizationId, productName }, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give an unassigned connection its product' })
  @ApiOkResponse({ type: ConnectionResponseDto })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ ...PRODUCT_DOC, required: true })
  @ApiFetErrors(...BY_ID, E.AlreadyAssigned)
  async assign(
    @OrganizationId() organizationId: string,
    @RequiredProductName() productName: string,
    @Param('id', ConnectionIdPipe) id: string,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.assign({ organizationId, productName }, id));
  }
}

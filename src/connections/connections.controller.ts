import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { JsonBodyGuard } from '../common/http/json-body.guard';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName, RequiredProductName } from '../common/http/product-name.decorator';
import { AssignDocs, CloneDocs, CreateDocs, GetDocs, ListDocs, RemoveDocs, UnassignedDocs, UpdateDocs } from './connections.api-docs';
import { ConnectionsService } from './connections.service';
import { Connection, connectionETag } from './domain/connection';
import { CloneConnectionDto } from './dto/clone-connection.dto';
import { ConnectionPageDto, ConnectionResponseDto } from './dto/connection-response.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { ConnectionPageQueryDto } from './dto/connection-page.query.dto';
import { ListConnectionsQueryDto } from './dto/list-connections.query.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';
import { AuditContext } from './history/audit-context';
import { Audit } from './history/audit.decorator';
import { ProductWrite, ProductWriteOf } from './history/product-write.decorator';

/** CRUD, assign and clone (spec §3.1–§3.5, §3.9, §3.13); the test and schema routes are beside it. */
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
  @RequiresPermission(Permission.Write)
  @UseGuards(JsonBodyGuard)
  @CreateDocs()
  async create(
    @ProductWriteOf() { scope, audit }: ProductWrite,
    @Body() body: CreateConnectionDto,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.create(scope, body, audit));
  }

  @Get()
  @RequiresPermission(Permission.Read)
  @ListDocs()
  async list(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Query() query: ListConnectionsQueryDto,
  ): Promise<ConnectionPageDto> {
    const page = await this.connections.list({ organizationId, productName }, query.toFilter());
    return { ...page, items: page.items.map((item) => ConnectionResponseDto.from(item)) };
  }

  @Get('unassigned')
  @RequiresPermission(Permission.Read)
  @UnassignedDocs()
  async unassigned(
    @OrganizationId() organizationId: string,
    @Query() query: ConnectionPageQueryDto,
  ): Promise<ConnectionPageDto> {
    const page = await this.connections.listUnassigned({ organizationId }, query.toFilter());
    return { ...page, items: page.items.map((item) => ConnectionResponseDto.from(item)) };
  }

  @Get(':id')
  @RequiresPermission(Permission.Read)
  @GetDocs()
  async get(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.get({ organizationId, productName }, id));
  }

  @Patch(':id')
  @RequiresPermission(Permission.Write)
  @UseGuards(JsonBodyGuard)
  @UpdateDocs()
  async update(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Headers('if-match') ifMatch: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Body() body: UpdateConnectionDto,
    @Audit() audit: AuditContext,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.update({ organizationId, productName }, id, body, audit, ifMatch));
  }

  @Delete(':id')
  @RequiresPermission(Permission.Write)
  @HttpCode(204)
  @RemoveDocs()
  async remove(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Audit() audit: AuditContext,
  ): Promise<void> {
    await this.connections.remove({ organizationId, productName }, id, audit);
  }

  @Post(':id/assign')
  @RequiresPermission(Permission.Write)
  @HttpCode(200)
  @AssignDocs()
  async assign(
    @OrganizationId() organizationId: string,
    @RequiredProductName() productName: string,
    @Param('id', ConnectionIdPipe) id: string,
    @Audit() audit: AuditContext,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.assign({ organizationId, productName }, id, audit));
  }

  @Post(':id/clone')
  @RequiresPermission(Permission.Write)
  @UseGuards(JsonBodyGuard)
  @CloneDocs()
  async clone(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Body() body: CloneConnectionDto,
    @Audit() audit: AuditContext,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    return this.withETag(response, await this.connections.clone({ organizationId, productName }, id, body, audit));
  }
}

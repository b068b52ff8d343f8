import { Controller, Post, Res, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { JsonBodyGuard } from '../common/http/json-body.guard';
import { UncheckedBody } from '../common/http/unchecked-body.decorator';
import { ConnectionsService } from './connections.service';
import { connectionETag } from './domain/connection';
import { ConnectionResponseDto } from './dto/connection-response.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { ImportDocs } from './import.api-docs';
import { ImportConnectionPipe } from './import/import-connection.pipe';
import { ProductWrite, ProductWriteOf } from './history/product-write.decorator';

/**
 * POST /import (spec §3.12): a create whose fields come from a connection URI. ImportConnectionPipe
 * reads the body into the create input it stands for; from there on it is create's.
 */
@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class ConnectionImportController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Post('import')
  @RequiresPermission(Permission.Write)
  @UseGuards(JsonBodyGuard)
  @ImportDocs()
  async import(
    @ProductWriteOf() { scope, audit }: ProductWrite,
    @UncheckedBody(ImportConnectionPipe) input: CreateConnectionDto,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<ConnectionResponseDto> {
    const connection = await this.connections.import(scope, input, audit);
    this.adapterHost.httpAdapter.setHeader(response, 'ETag', connectionETag(connection));
    return ConnectionResponseDto.from(connection);
  }
}

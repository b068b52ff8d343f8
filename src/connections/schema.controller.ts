import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UseGuards,
} from '@nestjs/common';
import { ApiExtraModels, ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { JsonBodyGuard } from '../common/http/json-body.guard';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName } from '../common/http/product-name.decorator';
import { SchemaDocs, ValidateSchemaDocs } from './discovery.api-docs';
import { SchemaResponseDto } from './dto/schema-response.dto';
import { SchemaQueryDto } from './dto/schema.query.dto';
import { ValidateSchemaRequestDto, ValidateSchemaResponseDto } from './dto/validate-schema.dto';
import { SchemaDiscoveryService } from './discovery/schema-discovery.service';
import { SchemaValidationService } from './discovery/schema-validation.service';
import { ValidateSchemaPipe } from './discovery/validate-schema.pipe';
import { ValidateSchemaRequest } from './discovery/validate-schema.request';
import { AuditContext } from './history/audit-context';
import { Audit } from './history/audit.decorator';

@ApiTags('Database Connections')
@ApiExtraModels(ValidateSchemaRequestDto)
@Controller({ path: 'management/connections', version: '1' })
export class SchemaController {
  constructor(
    private readonly discovery: SchemaDiscoveryService,
    private readonly validation: SchemaValidationService,
  ) {}

  // Declared before any `:id` route.
  @Post('validate-schema')
  @RequiresPermission(Permission.Read)
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ValidateSchemaDocs()
  validate(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Body(ValidateSchemaPipe) request: ValidateSchemaRequest,
  ): Promise<ValidateSchemaResponseDto> {
    return this.validation.validate({ organizationId, productName }, request);
  }

  @Get(':id/schema')
  @RequiresPermission(Permission.Read)
  @SchemaDocs()
  async schema(
    @Query() query: SchemaQueryDto,
    @Param('id', ConnectionIdPipe) id: string,
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Audit() audit: AuditContext,
  ): Promise<StreamableFile> {
    return SchemaResponseDto.body(
      await this.discovery.discover({ organizationId, productName }, id, audit, {
        schemas: query.schema,
        tables: query.tables,
      }),
    );
  }
}

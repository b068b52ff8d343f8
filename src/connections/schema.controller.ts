import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { JsonBodyGuard } from '../common/http/json-body.guard';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName } from '../common/http/product-name.decorator';
import { SchemaResponseDto } from './dto/schema-response.dto';
import { SchemaQueryDto } from './dto/schema.query.dto';
import { ValidateSchemaRequestDto, ValidateSchemaResponseDto } from './dto/validate-schema.dto';
import { SchemaDiscoveryService } from './discovery/schema-discovery.service';
import { SchemaValidationService } from './discovery/schema-validation.service';
import { ValidateSchemaPipe } from './discovery/validate-schema.pipe';
import { ValidateSchemaRequest } from './discovery/validate-schema.request';

const PRODUCT_DOC = { name: 'X-Product-Name', required: false };

@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class SchemaController {
  constructor(
    private readonly discovery: SchemaDiscoveryService,
    private readonly validation: SchemaValidationService,
  ) {}

  // Declared before any `:id` route.
  @Post('validate-schema')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOperation({
    summary: 'Check that mapped tables and fields exist (cached schema while fresh)',
  })
  @ApiHeader({ ...PRODUCT_DOC, description: 'Only connections of this product resolve.' })
  @ApiBody({ type: ValidateSchemaRequestDto })
  @ApiOkResponse({ type: ValidateSchemaResponseDto })
  @ApiFetErrors(
    E.BadRequest,
    E.UnexpectedFields,
    E.InvalidDataRequest,
    E.MissingFields,
    E.InvalidHeader,
    E.ForbiddenHost,
    E.PayloadTooLarge,
    E.RateLimitExceeded,
    E.SchemaValidationFailed,
    E.ValidationLimitExceeded,
    E.NoConnectionsFound,
  )
  validate(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Body(ValidateSchemaPipe) request: ValidateSchemaRequest,
  ): Promise<ValidateSchemaResponseDto> {
    return this.validation.validate({ organizationId, productName }, request);
  }

  @Get(':id/schema')
  @ApiOperation({
    summary: 'Discover the tables and columns behind a connection (live; refreshes the cache)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ ...PRODUCT_DOC, description: 'When given, the connection must belong to it.' })
  @ApiOkResponse({ type: SchemaResponseDto })
  @ApiFetErrors(
    E.InvalidPathParameter,
    E.InvalidHeader,
    E.InvalidQueryParameter,
    E.ForbiddenHost,
    E.EntityNotFound,
    E.RateLimitExceeded,
    E.DatabaseConnectionError,
    E.SchemaRetrievalError,
  )
  async schema(
    @Query() query: SchemaQueryDto,
    @Param('id', ConnectionIdPipe) id: string,
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
  ): Promise<SchemaResponseDto> {
    return SchemaResponseDto.from(
      await this.discovery.discover({ organizationId, productName }, id, query.schema),
    );
  }
}

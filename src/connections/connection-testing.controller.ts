import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { RequestId } from '../common/http/request-id';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName } from '../common/http/product-name.decorator';
import { ConnectionTester } from './testing/connection-tester';
import { ConnectionTestResultDto } from './dto/connection-test-result.dto';

@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class ConnectionTestingController {
  constructor(private readonly tester: ConnectionTester) {}

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test the connection',
    description:
      'Dials the database with the stored settings under one overall deadline and reports each stage. ' +
      'Always 200 when the test ran, whether it succeeded or failed. Rate limited per connection.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({
    name: 'X-Product-Name',
    required: false,
    description: 'When given, the connection must belong to it.',
  })
  @ApiOkResponse({ type: ConnectionTestResultDto })
  @ApiFetErrors(E.InvalidPathParameter, E.InvalidHeader, E.EntityNotFound, E.RateLimitExceeded)
  async test(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @RequestId() requestId: string | undefined,
  ): Promise<ConnectionTestResultDto> {
    return ConnectionTestResultDto.from(
      await this.tester.test({ organizationId, productName }, id, requestId),
    );
  }
}

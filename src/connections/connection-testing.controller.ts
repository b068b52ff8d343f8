import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { RequestId } from '../common/http/request-id';
import { JsonBodyGuard } from '../common/http/json-body.guard';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName } from '../common/http/product-name.decorator';
import { TestDocs, TestUnsavedDocs } from './discovery.api-docs';
import { ConnectionTester } from './testing/connection-tester';
import { ConnectionTestResultDto } from './dto/connection-test-result.dto';
import { TestConnectionDto } from './dto/test-connection.dto';
import { AuditContext } from './history/audit-context';
import { Audit } from './history/audit.decorator';

@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class ConnectionTestingController {
  constructor(private readonly tester: ConnectionTester) {}

  /**
   * Test before saving (spec §3.11). `X-Product-Name` plays no part, but a malformed one is still
   * 400 FET-0403, as on every route that reads it.
   */
  @Post('test')
  @RequiresPermission(Permission.Test)
  @UseGuards(JsonBodyGuard)
  @HttpCode(200)
  @TestUnsavedDocs()
  async testUnsaved(
    @OrganizationId() organizationId: string,
    @OptionalProductName() _productName: string | undefined,
    @Body() body: TestConnectionDto,
    @RequestId() requestId: string | undefined,
  ): Promise<ConnectionTestResultDto> {
    return ConnectionTestResultDto.from(
      await this.tester.testUnsaved(organizationId, body, requestId),
    );
  }

  @Post(':id/test')
  @RequiresPermission(Permission.Test)
  @HttpCode(200)
  @TestDocs()
  async test(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Audit() audit: AuditContext,
  ): Promise<ConnectionTestResultDto> {
    return ConnectionTestResultDto.from(
      await this.tester.test({ organizationId, productName }, id, audit),
    );
  }
}

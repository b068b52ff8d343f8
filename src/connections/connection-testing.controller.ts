import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName } from '../common/http/product-name.decorator';
import { TestDocs } from './discovery.api-docs';
import { ConnectionTester } from './testing/connection-tester';
import { ConnectionTestResultDto } from './dto/connection-test-result.dto';
import { AuditContext } from './history/audit-context';
import { Audit } from './history/audit.decorator';

@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class ConnectionTestingController {
  constructor(private readonly tester: ConnectionTester) {}

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

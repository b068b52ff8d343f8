import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Permission } from '../auth/permission';
import { RequiresPermission } from '../auth/requires-permission.decorator';
import { ConnectionIdPipe } from '../common/http/connection-id.pipe';
import { OrganizationId } from '../common/http/organization.decorator';
import { OptionalProductName } from '../common/http/product-name.decorator';
import { HistoryPageDto, HistoryEventDto } from './dto/history-event.dto';
import { PageQueryDto } from './dto/page.query.dto';
import { HistoryDocs } from './history.api-docs';
import { ConnectionHistoryService } from './history/connection-history.service';

/** The audit trail of a connection (spec §3.14). */
@ApiTags('Database Connections')
@Controller({ path: 'management/connections', version: '1' })
export class HistoryController {
  constructor(private readonly history: ConnectionHistoryService) {}

  @Get(':id/history')
  @RequiresPermission(Permission.Read)
  @HistoryDocs()
  async trail(
    @OrganizationId() organizationId: string,
    @OptionalProductName() productName: string | undefined,
    @Param('id', ConnectionIdPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<HistoryPageDto> {
    const page = await this.history.trail(
      { organizationId, productName },
      id,
      query.page,
      query.limit,
    );
    return { ...page, items: page.items.map((event) => HistoryEventDto.from(event)) };
  }
}

import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiFetErrors } from '../common/errors/api-fet-errors.decorator';
import { FetErrorCode as E } from '../common/errors/fet-error-code';
import { BY_ID, ID_PARAM, PRODUCT_FILTER, stacked } from './connections.api-docs';
import { HISTORY_PAGE_EXAMPLE } from './dto/connection.examples';
import { HistoryPageDto } from './dto/history-event.dto';

/** The OpenAPI description of the history route (spec §3.14). */
export const HistoryDocs = () =>
  stacked(
    ApiOperation({
      summary: 'Read a connection’s history',
      description:
        'Who changed, tested or discovered the connection, and when: one event per create, import, clone (`cloned` on the new ' +
        'connection, `copied` on its source), provisioning, update, delete, assign, test that ran and discovery that ran ' +
        '(200 or 502); refused requests and validate-schema leave none. A change and its event are stored in one transaction. ' +
        'Newest first, paged like the list. Secrets appear only as `{ "changed": true }`. The trail of a deleted connection ' +
        'stays readable; no route changes or removes an event.',
    }),
    ApiOkResponse({ type: HistoryPageDto, example: HISTORY_PAGE_EXAMPLE }),
    ID_PARAM,
    PRODUCT_FILTER,
    ApiFetErrors(...BY_ID, E.InvalidQueryParameter, E.PaginationLimitExceeded),
  );

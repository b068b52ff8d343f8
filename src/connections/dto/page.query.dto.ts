import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { queryRule } from '../../common/validation/fet-context';
import { ToInteger } from '../../common/validation/query-rules';
import { LIST_CHECK_ORDER as ORDER } from './list-check-order';

const PAGE = queryRule(ORDER.page, { message: 'must be an integer of at least 1' });
const LIMIT = queryRule(ORDER.limit, { message: 'must be an integer between 1 and 100' });

/**
 * Paging (spec §3.2): `page` and `limit`, with the list's rules and codes (FET-0405, FET-0406 over
 * 100). All the history takes; the lists add their order (ConnectionPageQueryDto). A parameter with
 * a default is a required property (the pipe always sets it), documented optional.
 */
export class PageQueryDto {
  /** Page number, from 1. */
  @ApiPropertyOptional({ type: 'integer' })
  @ToInteger()
  @IsInt(PAGE)
  @Min(1, PAGE)
  page: number = 1;

  /** Items per page; over 100 is FET-0406. */
  @ApiPropertyOptional({ type: 'integer' })
  @ToInteger()
  @IsInt(LIMIT)
  @Min(1, LIMIT)
  @Max(
    100,
    queryRule(
      ORDER.limitMax,
      { message: 'must be at most 100' },
      FetErrorCode.PaginationLimitExceeded,
    ),
  )
  limit: number = 10;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { queryRule } from '../../common/validation/fet-context';
import { ToInteger } from '../../common/validation/query-rules';
import { Trim } from '../../common/validation/validators';
import {
  ListFilter,
  SORT_FIELDS,
  SORT_ORDERS,
  SortField,
  SortOrder,
} from '../domain/connection-page';
import { LIST_CHECK_ORDER as ORDER } from './list-check-order';

const PAGE = queryRule(ORDER.page, { message: 'must be an integer of at least 1' });
const LIMIT = queryRule(ORDER.limit, { message: 'must be an integer between 1 and 100' });

/**
 * Paging and order of a list of connections (spec §3.2, §3.9): all the unassigned list takes.
 * A parameter with a default is a required property (the pipe always sets it), documented optional.
 */
export class ConnectionPageQueryDto {
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

  /** Ties are broken by id, in the same direction. */
  @ApiPropertyOptional()
  @Trim()
  @IsIn(
    SORT_FIELDS,
    queryRule(ORDER.sortBy, { message: `must be one of ${SORT_FIELDS.join(', ')}` }),
  )
  sortBy: SortField = 'createdAt';

  /** Case-insensitive; anything else is FET-0407. */
  @ApiPropertyOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsIn(
    SORT_ORDERS,
    queryRule(ORDER.sortOrder, { message: 'must be asc or desc' }, FetErrorCode.InvalidSortOrder),
  )
  sortOrder: SortOrder = 'desc';

  toFilter(): ListFilter {
    return { page: this.page, limit: this.limit, sortBy: this.sortBy, sortOrder: this.sortOrder };
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { queryRule } from '../../common/validation/fet-context';
import { Trim } from '../../common/validation/validators';
import {
  ListFilter,
  SORT_FIELDS,
  SORT_ORDERS,
  SortField,
  SortOrder,
} from '../domain/connection-page';
import { LIST_CHECK_ORDER as ORDER } from './list-check-order';
import { PageQueryDto } from './page.query.dto';

/**
 * Paging and order of a list of connections (spec §3.2, §3.9): all the unassigned list takes.
 * A parameter with a default is a required property (the pipe always sets it), documented optional.
 */
export class ConnectionPageQueryDto extends PageQueryDto {
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

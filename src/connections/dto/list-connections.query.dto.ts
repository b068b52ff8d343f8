import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { queryRule } from '../../common/validation/fet-context';
import { QueryMap } from '../../common/validation/query-map';
import { IsUtcDay, NotBefore, utcDay } from '../../common/validation/query-rules';
import { Trim, TrimHost } from '../../common/validation/validators';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { ListFilter } from '../domain/connection-page';
import { ConnectionPageQueryDto } from './connection-page.query.dto';
import { LIST_CHECK_ORDER as ORDER } from './list-check-order';

const DAY_MS = 86_400_000;
const dayRule = (order: number) =>
  queryRule(
    order,
    { message: 'must be a calendar day as YYYY-MM-DD' },
    FetErrorCode.InvalidDateFormat,
  );

/** The list's query (spec §3.2): paging, order and filters; no implicit date window. */
export class ListConnectionsQueryDto extends ConnectionPageQueryDto {
  /** Engine, case-insensitive. */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsOptional()
  @IsIn(
    ENGINE_TYPES,
    queryRule(ORDER.type, { message: `must be one of ${ENGINE_TYPES.join(', ')}` }),
  )
  type?: EngineType;

  /** Host, exact and case-insensitive; an IPv6 literal with or without brackets. */
  @TrimHost()
  @IsOptional()
  @IsString()
  host?: string;

  /** Database name, exact. */
  @Trim()
  @IsOptional()
  @IsString()
  databaseName?: string;

  /** Case-insensitive substring of the configName. */
  @Trim()
  @IsOptional()
  @IsString()
  configName?: string;

  /** First day (UTC) of createdAt, inclusive. */
  @ApiPropertyOptional({ format: 'date' })
  @Trim()
  @IsOptional()
  @IsUtcDay(dayRule(ORDER.startDate))
  startDate?: string;

  /** Last day (UTC) of createdAt, inclusive; before startDate is FET-0409. */
  @ApiPropertyOptional({ format: 'date' })
  @Trim()
  @IsOptional()
  @IsUtcDay(dayRule(ORDER.endDate))
  @NotBefore(
    'startDate',
    queryRule(
      ORDER.dateRange,
      { message: 'must not be before startDate' },
      FetErrorCode.InvalidDateRange,
    ),
  )
  endDate?: string;

  /**
   * Exact match on metadata values: `metadata[<key>]=<value>` (OpenAPI deepObject) or
   * `metadata.<key>=<value>`; several keys are combined with AND. Documented on the route
   * (`METADATA_FILTER`): a map is one deepObject parameter, not a property.
   */
  @ApiHideProperty()
  @QueryMap('metadata')
  metadata?: Map<string, string>;

  override toFilter(): ListFilter {
    const end = utcDay(this.endDate);
    // Object.assign, not a spread: V8 copies a spread object with many more properties far slower.
    return Object.assign(super.toFilter(), {
      type: this.type,
      host: this.host || undefined,
      databaseName: this.databaseName || undefined,
      configNameContains: this.configName || undefined,
      // Object.fromEntries defines own properties: a key named `__proto__` stays a key.
      metadata: this.metadata && Object.fromEntries(this.metadata),
      createdFrom: utcDay(this.startDate),
      createdBefore: end && new Date(end.getTime() + DAY_MS),
    });
  }
}

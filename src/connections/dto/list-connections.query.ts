import { unbracketHost } from '../../common/validation/validators';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { ENGINE_TYPES, EngineType } from '../../engines/engine';
import { ConnectionQuery, SORT_FIELDS, SortField } from '../domain/connection-page';

export type ListFilter = Omit<ConnectionQuery, 'organizationId' | 'productName'>;

const PAGING = ['page', 'limit', 'sortBy', 'sortOrder'];
const FILTERS = ['type', 'host', 'databaseName', 'configName', 'startDate', 'endDate'];
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function fail(code: FetErrorCode, field: string, why: string): never {
  throw new FetException(code, { fields: { [field]: why } });
}

function utcDay(field: string, value: string): Date {
  const match = DAY.exec(value);
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) {
    fail(FetErrorCode.InvalidDateFormat, field, 'must be a calendar day as YYYY-MM-DD');
  }
  return date;
}

/**
 * Parses the list query (spec §3.2). Checks run in a fixed order so the same bad query always
 * gives the same code: unknown or repeated parameters, limit, sortOrder, dates, other values.
 */
export function parseListQuery(raw: Record<string, unknown>, filters = true): ListFilter {
  const allowed = filters ? [...PAGING, ...FILTERS] : PAGING;
  const unknown = Object.keys(raw)
    .filter((key) => !allowed.includes(key) && !(filters && key.startsWith('metadata.') && key.length > 9))
    .sort();
  if (unknown.length > 0) {
    throw new FetException(FetErrorCode.InvalidQueryParameter, {
      fields: Object.fromEntries(unknown.map((key) => [key, 'is not a known query parameter'])),
    });
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') fail(FetErrorCode.InvalidQueryParameter, key, 'must be given once');
    values[key] = key.startsWith('metadata.') ? value : value.trim();
  }

  let limit = 10;
  if (values.limit !== undefined) {
    if (!/^\d{1,9}$/.test(values.limit) || +values.limit < 1) {
      fail(FetErrorCode.InvalidQueryParameter, 'limit', 'must be an integer between 1 and 100');
    }
    limit = +values.limit;
    if (limit > 100) fail(FetErrorCode.PaginationLimitExceeded, 'limit', 'must be at most 100');
  }
  const sortOrder = (values.sortOrder ?? 'desc').toLowerCase();
  if (sortOrder !== 'asc' && sortOrder !== 'desc') fail(FetErrorCode.InvalidSortOrder, 'sortOrder', 'must be asc or desc');

  const start = values.startDate !== undefined ? utcDay('startDate', values.startDate) : undefined;
  const end = values.endDate !== undefined ? utcDay('endDate', values.endDate) : undefined;
  if (start && end && end < start) fail(FetErrorCode.InvalidDateRange, 'endDate', 'must not be before startDate');

  let page = 1;
  if (values.page !== undefined) {
    if (!/^\d{1,9}$/.test(values.page) || +values.page < 1) {
      fail(FetErrorCode.InvalidQueryParameter, 'page', 'must be an integer of at least 1');
    }
    page = +values.page;
  }
  const sortBy = (values.sortBy ?? 'createdAt') as SortField;
  if (!SORT_FIELDS.includes(sortBy)) {
    fail(FetErrorCode.InvalidQueryParameter, 'sortBy', `must be one of ${SORT_FIELDS.join(', ')}`);
  }
  const type = values.type?.toUpperCase() as EngineType | undefined;
  if (type !== undefined && !ENGINE_TYPES.includes(type)) {
    fail(FetErrorCode.InvalidQueryParameter, 'type', `must be one of ${ENGINE_TYPES.join(', ')}`);
  }

  // Own properties only: a metadata key may be called `__proto__`.
  const metadata = Object.fromEntries(
    Object.entries(values)
      .filter(([key]) => key.startsWith('metadata.'))
      .map(([key, value]) => [key.slice('metadata.'.length), value]),
  );
  return {
    page,
    limit,
    sortBy,
    sortOrder,
    type,
    host: values.host ? unbracketHost(values.host) : undefined,
    databaseName: values.databaseName || undefined,
    configNameContains: values.configName || undefined,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    createdFrom: start,
    createdBefore: end ? new Date(end.getTime() + DAY_MS) : undefined,
  };
}

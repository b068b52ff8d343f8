/**
 * The order the list queries' rules are checked in (spec §3.2): when several parameters are bad, the
 * first failing rule in this order answers, naming that one parameter.
 */
export const LIST_CHECK_ORDER = {
  limit: 1,
  limitMax: 2,
  sortOrder: 3,
  startDate: 4,
  endDate: 5,
  dateRange: 6,
  page: 7,
  sortBy: 8,
  type: 9,
} as const;

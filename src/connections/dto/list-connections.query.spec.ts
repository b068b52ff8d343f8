import { FetException } from '../../common/errors/fet.exception';
import { parseListQuery } from './list-connections.query';

function codeOf(query: Record<string, unknown>): string {
  try {
    parseListQuery(query);
  } catch (error) {
    if (error instanceof FetException) return error.code;
    throw error;
  }
  return 'ok';
}

describe('list query', () => {
  it('has the spec defaults and no implicit date window', () => {
    expect(parseListQuery({})).toMatchObject({ page: 1, limit: 10, sortBy: 'createdAt', sortOrder: 'desc', createdFrom: undefined, createdBefore: undefined });
  });

  it.each([
    [{ foo: '1' }, 'FET-0405'],
    [{ page: ['1', '2'] }, 'FET-0405'],
    [{ page: '0' }, 'FET-0405'],
    [{ limit: '0' }, 'FET-0405'],
    [{ limit: '101' }, 'FET-0406'],
    [{ sortOrder: 'up' }, 'FET-0407'],
    [{ startDate: '2024-02-30' }, 'FET-0408'],
    [{ endDate: '2024/01/01' }, 'FET-0408'],
    [{ startDate: '2024-02-02', endDate: '2024-02-01' }, 'FET-0409'],
    [{ sortBy: 'host' }, 'FET-0405'],
    [{ type: 'SQLITE' }, 'FET-0405'],
    [{ limit: '100', sortOrder: 'ASC', startDate: '2024-02-01', endDate: '2024-02-01', 'metadata.team': 'a' }, 'ok'],
  ])('%p → %s', (query, code) => {
    expect(codeOf(query)).toBe(code);
  });

  it('bounds dates to whole UTC days, end inclusive', () => {
    const filter = parseListQuery({ startDate: '2024-02-01', endDate: '2024-02-01' });
    expect(filter.createdFrom?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(filter.createdBefore?.toISOString()).toBe('2024-02-02T00:00:00.000Z');
  });

  it('keeps metadata values exact and refuses filters on the unassigned list', () => {
    expect(parseListQuery({ 'metadata.team': ' a ' }).metadata).toEqual({ team: ' a ' });
    expect(() => parseListQuery({ type: 'MYSQL' }, false)).toThrow(FetException);
  });
});

describe('parseListQuery: keys that are data', () => {
  it('keeps a metadata filter named __proto__ as a filter (an own key)', () => {
    const { metadata } = parseListQuery({ 'metadata.__proto__': 'x', 'metadata.team': 'a' });
    expect(metadata && Object.entries(metadata)).toEqual([
      ['__proto__', 'x'],
      ['team', 'a'],
    ]);
  });

  it('takes a bracketed IPv6 host filter without its brackets', () => {
    expect(parseListQuery({ host: '[::1]' }).host).toBe('::1');
  });
});

import {
  POSTGRES_LIKE,
  SQLSERVER_LIKE,
  STANDARD_LIKE,
  globToLike,
  globsToRegExpSource,
  isFiltered,
} from './table-globs';

describe('table globs', () => {
  it.each([
    ['orders', 'orders', 'orders', 'orders'],
    ['order*', 'order%', 'order%', 'order%'],
    ['*', '%', '%', '%'],
    ['sales.*_x', 'sales.%\\_x', 'sales.%!_x', 'sales.%!_x'],
    ['100%', '100\\%', '100!%', '100!%'],
    ['a\\b', 'a\\\\b', 'a\\b', 'a\\b'],
    ['wow!', 'wow!', 'wow!!', 'wow!!'],
    ['[x]', '[x]', '[x]', '![x]'],
    ["it's", "it's", "it's", "it's"],
  ])(
    '%s → PostgreSQL %s, MySQL/Oracle %s, SQL Server %s',
    (glob, postgres, standard, sqlserver) => {
      expect(globToLike(glob, POSTGRES_LIKE)).toBe(postgres);
      expect(globToLike(glob, STANDARD_LIKE)).toBe(standard);
      expect(globToLike(glob, SQLSERVER_LIKE)).toBe(sqlserver);
    },
  );

  it('keeps characters outside the BMP whole', () => {
    expect(globToLike('😀*', STANDARD_LIKE)).toBe('😀%');
  });

  it('turns globs into one anchored regular expression, everything but * literal', () => {
    const source = globsToRegExpSource(['order*', 'a.b', '(x)+[y]$^']);
    expect(source).toBe('^(?:order[\\s\\S]*|a\\.b|\\(x\\)\\+\\[y\\]\\$\\^)$');
    const regexp = new RegExp(source);
    expect(
      ['orders', 'order', 'a.b', '(x)+[y]$^', 'order\nx'].every((name) => regexp.test(name)),
    ).toBe(true);
    expect(['aXb', 'sales.orders', 'x(x)+[y]$^', 'xorder'].some((name) => regexp.test(name))).toBe(
      false,
    );
  });

  it('treats undefined and [] as no filter', () => {
    expect(isFiltered(undefined)).toBe(false);
    expect(isFiltered([])).toBe(false);
    expect(isFiltered(['*'])).toBe(true);
  });
});

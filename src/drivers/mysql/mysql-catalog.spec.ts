import { MYSQL_SYSTEM_SCHEMAS, mysqlCatalogFilter, mysqlTablesFromRows } from './mysql-catalog';

describe('mysqlTablesFromRows', () => {
  const columns = [
    { s: 'shop', t: 'orders', k: 'BASE TABLE', c: 'note', ty: 'text', n: 'YES' },
    { s: 'shop', t: 'orders', k: 'BASE TABLE', c: 'id', ty: 'bigint(20)', n: 'NO' },
    { s: 'shop', t: 'lines', k: 'BASE TABLE', c: 'order_id', ty: 'bigint(20)', n: 'NO' },
    { s: 'shop', t: 'lines', k: 'BASE TABLE', c: 'line_no', ty: 'int(11)', n: 'NO' },
    { s: 'shop', t: 'totals', k: 'VIEW', c: 'n', ty: 'bigint(21)', n: 'NO' },
    { s: 'shop', t: 'seq', k: 'SEQUENCE', c: 'next_not_cached_value', ty: 'bigint(21)', n: 'NO' },
    { s: 'hist', t: 'Prices', k: 'SYSTEM VERSIONED', c: 'Amount', ty: 'decimal(10,2)', n: 'YES' },
  ];
  const keys = [
    { s: 'shop', t: 'orders', c: 'id' },
    { s: 'shop', t: 'lines', c: 'order_id' },
    { s: 'shop', t: 'lines', c: 'line_no' },
  ];

  it('builds sorted tables with composite keys, qualifying databases other than the default', () => {
    const tables = mysqlTablesFromRows(columns, keys, 'shop');
    expect(tables.map((table) => [table.name, table.kind])).toEqual([
      ['hist.Prices', 'table'],
      ['lines', 'table'],
      ['orders', 'table'],
      ['totals', 'view'],
    ]);
    expect(tables[1].columns).toEqual([
      { name: 'line_no', type: 'int(11)', nullable: false, primaryKey: true },
      { name: 'order_id', type: 'bigint(20)', nullable: false, primaryKey: true },
    ]);
    expect(
      tables[2].columns.map((column) => [column.name, column.nullable, column.primaryKey]),
    ).toEqual([
      ['id', false, true],
      ['note', true, false],
    ]);
  });

  it('does not list sequences', () => {
    expect(mysqlTablesFromRows(columns, keys, 'shop').some((table) => table.name === 'seq')).toBe(
      false,
    );
  });
});

describe('mysqlCatalogFilter', () => {
  it('without a filter: only system schemas left out', () => {
    expect(mysqlCatalogFilter('c.', {}, 'shop')).toEqual({
      sql: 'c.TABLE_SCHEMA NOT IN (?)',
      values: [MYSQL_SYSTEM_SCHEMAS],
    });
  });

  it('binds each glob as a byte-wise LIKE on the name as shown, with ! as escape', () => {
    const filter = mysqlCatalogFilter('', { schemas: ['shop'], tables: ['ord*', 'x_y!'] }, 'shop');
    const shown = `(CASE WHEN TABLE_SCHEMA = ? THEN TABLE_NAME ELSE CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) END)`;
    expect(filter.sql).toBe(
      `TABLE_SCHEMA NOT IN (?) AND TABLE_SCHEMA IN (?) AND (${shown} LIKE BINARY ? ESCAPE '!' OR ${shown} LIKE BINARY ? ESCAPE '!')`,
    );
    expect(filter.values).toEqual([
      MYSQL_SYSTEM_SCHEMAS,
      ['shop'],
      'shop',
      'ord%',
      'shop',
      'x!_y!!',
    ]);
  });
});

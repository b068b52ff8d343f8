import {
  POSTGRES_CATALOG_SQL,
  PostgresCatalogRow,
  postgresCatalogValues,
  postgresTablesFromRows,
} from './postgres-catalog';

describe('postgresTablesFromRows', () => {
  const rows: PostgresCatalogRow[] = [
    ['sales', 'Deals', 'r', 'region_id', 'integer', true, false],
    ['public', 'orders', 'r', 'note', 'text', true, false],
    ['public', 'orders', 'r', 'id', 'bigint', false, true],
    ['public', 'totals', 'v', 'sum', 'numeric', true, false],
    ['public', 'snap', 'm', 'id', 'integer', true, false],
    ['sales', 'Deals', 'r', 'Amount', 'numeric', true, false],
    ['public', 'empty', 'r', null, null, true, false],
    ['public', 'ext', 'f', 'x', 'text', true, false],
    ['public', 'parted', 'p', 'at', 'date', false, false],
  ];

  it('groups columns into tables, sorts tables and columns by name, qualifies other schemas', () => {
    const tables = postgresTablesFromRows(rows, 'public');
    expect(tables.map((table) => table.name)).toEqual([
      'empty',
      'ext',
      'orders',
      'parted',
      'sales.Deals',
      'snap',
      'totals',
    ]);
    expect(tables.find((table) => table.name === 'orders')?.columns).toEqual([
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
      { name: 'note', type: 'text', nullable: true, primaryKey: false },
    ]);
    expect(
      tables.find((table) => table.name === 'sales.Deals')?.columns.map((column) => column.name),
    ).toEqual(['Amount', 'region_id']);
  });

  it('maps relkind: v and m are views; r, p and f are tables', () => {
    const kinds = Object.fromEntries(
      postgresTablesFromRows(rows, 'public').map((table) => [table.name, table.kind]),
    );
    expect(kinds).toMatchObject({
      totals: 'view',
      snap: 'view',
      orders: 'table',
      ext: 'table',
      parted: 'table',
    });
  });

  it('lists a relation without columns with an empty column list', () => {
    expect(
      postgresTablesFromRows(rows, 'public').find((table) => table.name === 'empty')?.columns,
    ).toEqual([]);
  });

  it('leaves the default schema unqualified whatever it is', () => {
    expect(postgresTablesFromRows(rows, 'sales').map((table) => table.name)).toContain('Deals');
    expect(postgresTablesFromRows(rows, 'sales').map((table) => table.name)).toContain(
      'public.orders',
    );
  });
});

describe('postgresCatalogValues', () => {
  it('binds no filter as NULLs, and the default schema', () => {
    expect(postgresCatalogValues({}, 'public')).toEqual([null, null, 'public']);
    expect(postgresCatalogValues({ schemas: [], tables: [] }, 'public')).toEqual([
      null,
      null,
      'public',
    ]);
  });

  it('binds globs as LIKE patterns (backslash escapes), matched against the name as shown', () => {
    expect(
      postgresCatalogValues({ schemas: ['sales'], tables: ['order_*', 'sales.100%'] }, 'sales'),
    ).toEqual([['sales'], ['order\\_%', 'sales.100\\%'], 'sales']);
    expect(POSTGRES_CATALOG_SQL).toContain(
      `(CASE WHEN n.nspname = $3 THEN c.relname::text ELSE n.nspname || '.' || c.relname END)`,
    );
    expect(POSTGRES_CATALOG_SQL).toContain('LIKE ANY ($2::text[])');
  });
});

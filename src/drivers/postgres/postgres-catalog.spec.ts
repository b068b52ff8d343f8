import {
  POSTGRES_COLUMNS_SQL,
  POSTGRES_RELATIONS_SQL,
  PostgresCatalogFold,
  PostgresColumnRow,
  PostgresRelationRow,
  postgresCatalogValues,
  postgresTablesFromRows,
} from './postgres-catalog';

describe('postgresTablesFromRows', () => {
  const relations: PostgresRelationRow[] = [
    [11, 'sales', 'Deals', 'r'],
    [12, 'public', 'orders', 'r'],
    [13, 'public', 'totals', 'v'],
    [14, 'public', 'snap', 'm'],
    [15, 'public', 'empty', 'r'],
    [16, 'public', 'ext', 'f'],
    [17, 'public', 'parted', 'p'],
  ];
  const columns: PostgresColumnRow[] = [
    [11, 'region_id', 'integer', true, false],
    [12, 'note', 'text', true, false],
    [12, 'id', 'bigint', false, true],
    [13, 'sum', 'numeric', true, false],
    [14, 'id', 'integer', true, false],
    [11, 'Amount', 'numeric', true, false],
    [16, 'x', 'text', true, false],
    [17, 'at', 'date', false, false],
  ];
  const postgresTablesFrom = (defaultSchema: string) =>
    postgresTablesFromRows(relations, columns, defaultSchema);

  it('groups columns into tables, sorts tables and columns by name, qualifies other schemas', () => {
    const tables = postgresTablesFrom('public');
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
      postgresTablesFrom('public').map((table) => [table.name, table.kind]),
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
    expect(postgresTablesFrom('public').find((table) => table.name === 'empty')?.columns).toEqual(
      [],
    );
  });

  it('folds column batches one after the other into the same sorted tables', () => {
    const fold = new PostgresCatalogFold('public');
    fold.relations(relations);
    fold.columns(
      relations.slice(0, 3),
      columns.filter(([oid]) => oid <= 13),
    );
    fold.columns(
      relations.slice(3),
      columns.filter(([oid]) => oid > 13),
    );
    expect(fold.build()).toEqual(postgresTablesFrom('public'));
  });

  it('ignores column rows of a relation outside the batch', () => {
    const fold = new PostgresCatalogFold('public');
    fold.relations(relations.slice(0, 1));
    fold.columns(relations.slice(0, 1), columns);
    expect(fold.build()).toEqual([
      {
        name: 'sales.Deals',
        kind: 'table',
        columns: [
          { name: 'Amount', type: 'numeric', nullable: true, primaryKey: false },
          { name: 'region_id', type: 'integer', nullable: true, primaryKey: false },
        ],
      },
    ]);
  });

  it('leaves the default schema unqualified whatever it is', () => {
    expect(postgresTablesFrom('sales').map((table) => table.name)).toContain('Deals');
    expect(postgresTablesFrom('sales').map((table) => table.name)).toContain('public.orders');
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
    expect(POSTGRES_RELATIONS_SQL).toContain(
      `(CASE WHEN n.nspname = $3 THEN c.relname::text ELSE n.nspname || '.' || c.relname END)`,
    );
    expect(POSTGRES_RELATIONS_SQL).toContain('LIKE ANY ($2::text[])');
    expect(POSTGRES_COLUMNS_SQL).toContain('a.attrelid = ANY ($1::oid[])');
  });
});

import {
  POSTGRES_COLUMNS_SQL,
  POSTGRES_RELATIONS_SQL,
  PostgresBatchFold,
  PostgresColumnRow,
  PostgresColumns,
  PostgresRelationRow,
  postgresCatalogValues,
  postgresColumnValues,
  postgresRelationBatches,
  postgresTablesFromRows,
} from './postgres-catalog';

describe('postgresTablesFromRows', () => {
  const relations: PostgresRelationRow[] = [
    [11, 'sales', 'Deals', 'r', true, null],
    [12, 'public', 'orders', 'r', true, [1]],
    [13, 'public', 'totals', 'v', true, null],
    [14, 'public', 'snap', 'm', true, null],
    [15, 'public', 'empty', 'r', true, null],
    [16, 'public', 'ext', 'f', false, null],
    [17, 'public', 'parted', 'p', true, [2, 3]],
  ];
  const columns: PostgresColumnRow[] = [
    [11, 'region_id', 'integer', true, 1],
    [12, 'note', 'text', true, 2],
    [12, 'id', 'bigint', false, 1],
    [13, 'sum', 'numeric', true, 1],
    [14, 'id', 'integer', true, 1],
    [11, 'Amount', 'numeric', true, 2],
    [16, 'x', 'text', true, 1],
    [17, 'at', 'date', false, 1],
    [17, 'day', 'date', false, 3],
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

  it("marks the columns whose number is in the relation's primary key", () => {
    expect(postgresTablesFrom('public').find((table) => table.name === 'parted')?.columns).toEqual([
      { name: 'at', type: 'date', nullable: false, primaryKey: false },
      { name: 'day', type: 'date', nullable: false, primaryKey: true },
    ]);
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

  it('gives the same tables whatever the batch size', () => {
    for (const size of [1, 2, 3, 1000])
      expect(postgresTablesFromRows(relations, columns, 'public', size)).toEqual(
        postgresTablesFrom('public'),
      );
  });

  it('ignores column rows of a relation outside the batch', () => {
    const fold = new PostgresBatchFold(relations.slice(0, 1), 'public');
    columns.forEach(fold.row);
    expect(fold.tables()).toEqual([
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

  it('hands one shared, frozen column object per name, type and flags across the batches that share it', () => {
    const shared = new PostgresColumns();
    const first = new PostgresBatchFold([relations[1]], 'public', shared);
    first.row([12, 'id'.concat(''), 'bigint', false, 1]);
    first.row([12, 'note', null, true, 2]);
    const second = new PostgresBatchFold([relations[2], relations[6]], 'public', shared);
    second.row([13, ['i', 'd'].join(''), 'bigint', false, 1]);
    second.row([17, 'id', 'bigint', false, 4]);
    second.row([17, 'at', 'bigint', false, 1]);
    const [orders] = first.tables();
    const [parted, totals] = second.tables();
    expect(orders.columns).toEqual([
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
      { name: 'note', type: 'unknown', nullable: true, primaryKey: false },
    ]);
    expect(totals.columns).toEqual([
      { name: 'id', type: 'bigint', nullable: false, primaryKey: false },
    ]);
    // The same facts are the same object; other flags are another one.
    expect(parted.columns[1]).toBe(totals.columns[0]);
    expect(orders.columns[0]).not.toBe(totals.columns[0]);
    expect(Object.isFrozen(orders.columns[0])).toBe(true);
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

describe('postgresColumnValues', () => {
  it('binds the oids of the batch, and those of relations readable only column by column', () => {
    expect(
      postgresColumnValues([
        [1, 'public', 'a', 'r', true],
        [2, 'public', 'b', 'r', false],
        [3, 'public', 'c', 'v'],
      ]),
    ).toEqual([
      [1, 2, 3],
      [2, 3],
    ]);
    expect(POSTGRES_COLUMNS_SQL).toContain(
      "(a.attrelid <> ALL ($2::oid[]) OR has_column_privilege(a.attrelid, a.attnum, 'SELECT'))",
    );
    expect(POSTGRES_RELATIONS_SQL).toContain("has_table_privilege(c.oid, 'SELECT')");
    expect(POSTGRES_RELATIONS_SQL).toContain('i.indkey::int2[]');
  });
});

describe('postgresRelationBatches', () => {
  const relation = (oid: number, schema: string, table: string): PostgresRelationRow => [
    oid,
    schema,
    table,
    'r',
  ];
  const names = (batches: PostgresRelationRow[][]) =>
    batches.map((batch) => batch.map(([, schema, table]) => `${schema}|${table}`));

  it('orders relations by the name they are shown under, in code-unit order, then cuts batches', () => {
    const relations = [
      relation(1, 'public', 'b'),
      relation(2, 'sales', 'a'),
      relation(3, 'public', 'B'),
      relation(4, 'public', '\uFF21'),
      relation(5, 'public', '\u{1F600}'),
      relation(6, 'public', 'a'),
    ];
    expect(names(postgresRelationBatches(relations, 'public', 2))).toEqual([
      ['public|B', 'public|a'],
      ['public|b', 'sales|a'],
      ['public|\u{1F600}', 'public|\uFF21'],
    ]);
    expect(postgresRelationBatches([], 'public', 2)).toEqual([]);
  });

  it('never splits relations shown under the same name across batches (they are one table)', () => {
    const relations = [
      relation(1, 'a.b', 'c'),
      relation(2, 'a', 'b.c'),
      relation(3, 'public', 'a'),
      relation(4, 'public', 'z'),
    ];
    const batches = postgresRelationBatches(relations, 'public', 1);
    expect(batches.map((batch) => batch.map(([oid]) => oid))).toEqual([[3], [1, 2], [4]]);
    const tables = postgresTablesFromRows(
      relations,
      [
        [1, 'x', 'int', true, 1],
        [2, 'w', 'int', true, 1],
      ],
      'public',
      1,
    );
    expect(tables.map((table) => table.name)).toEqual(['a', 'a.b.c', 'z']);
    expect(tables[1].columns.map((column) => column.name)).toEqual(['w', 'x']);
  });
});

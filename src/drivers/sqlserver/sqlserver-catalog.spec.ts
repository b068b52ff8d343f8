import {
  SQLSERVER_CATALOG_SQL,
  SqlServerCatalogRow,
  sqlServerCatalogQuery,
  sqlServerTablesFromRows,
  sqlServerTypeLabel,
} from './sqlserver-catalog';

describe('sqlServerTypeLabel', () => {
  it.each([
    ['nvarchar', 100, 0, 0, 'nvarchar(50)'],
    ['varchar', -1, 0, 0, 'varchar(max)'],
    ['decimal', 9, 12, 2, 'decimal(12,2)'],
    ['datetime2', 8, 27, 7, 'datetime2(7)'],
    ['int', 4, 10, 0, 'int'],
  ])('%s(%p,%p,%p) → %s', (name, length, precision, scale, label) => {
    expect(sqlServerTypeLabel(name, length, precision, scale)).toBe(label);
  });
});

describe('sqlServerTablesFromRows', () => {
  const rows: SqlServerCatalogRow[] = [
    ['dbo', 'b', 'U ', 'id', 'int', 4, 10, 0, 0, 1],
    ['dbo', 'a_view', 'V ', 'x', 'bit', 1, 1, 0, 1, 0],
    ['sales', 'orders', 'U ', 'id', 'bigint', 8, 19, 0, 0, 1],
    ['sys', 'leak', 'U ', 'x', 'int', 4, 10, 0, 0, 0],
    ['INFORMATION_SCHEMA', 'leak', 'V ', 'x', 'int', 4, 10, 0, 0, 0],
  ];

  it('default schema unqualified, others qualified, system schemas dropped, sorted', () => {
    expect(sqlServerTablesFromRows(rows, undefined, 'dbo')).toEqual([
      {
        name: 'a_view',
        kind: 'view',
        columns: [{ name: 'x', type: 'bit', nullable: true, primaryKey: false }],
      },
      {
        name: 'b',
        kind: 'table',
        columns: [{ name: 'id', type: 'int', nullable: false, primaryKey: true }],
      },
      {
        name: 'sales.orders',
        kind: 'table',
        columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true }],
      },
    ]);
  });

  it('honours the schemas filter and another default schema', () => {
    expect(sqlServerTablesFromRows(rows, ['sales'], 'sales').map((table) => table.name)).toEqual([
      'orders',
    ]);
  });
});

describe('sqlServerCatalogQuery', () => {
  it('without globs: the plain batch, no values', () => {
    expect(sqlServerCatalogQuery({}, 'dbo')).toEqual({ sql: SQLSERVER_CATALOG_SQL });
  });

  it('binds the default schema and one pattern per glob ([ and ! escaped); only placeholders in the text', () => {
    const query = sqlServerCatalogQuery({ tables: ['Ord*', "sales.[x]'--"] }, 'dbo');
    expect(query.values).toEqual({ d: 'dbo', t0: 'Ord%', t1: "sales.![x]'--" });
    expect(query.sql.startsWith(SQLSERVER_CATALOG_SQL)).toBe(true);
    const added = query.sql.slice(SQLSERVER_CATALOG_SQL.length);
    expect(added).toContain("LIKE @t0 ESCAPE N'!' OR ");
    expect(added).toContain("LIKE @t1 ESCAPE N'!')");
    expect(added).toContain("CASE WHEN s.name = @d THEN o.name ELSE s.name + N'.' + o.name END");
    expect(added).not.toContain('sales');
  });
});

import {
  ORACLE_CATALOG_SQL,
  OracleCatalogRow,
  oracleCatalogStatement,
  oracleDefaultSchema,
  oracleTablesFromRows,
  oracleTypeLabel,
} from './oracle-catalog';

describe('oracle catalog mapping', () => {
  it.each([
    ['VARCHAR2', 100, null, null, 'VARCHAR2(100)'],
    ['NVARCHAR2', 40, null, null, 'NVARCHAR2(20)'],
    ['NUMBER', 22, 10, 2, 'NUMBER(10,2)'],
    ['NUMBER', 22, 10, 0, 'NUMBER(10)'],
    ['NUMBER', 22, null, null, 'NUMBER'],
    ['TIMESTAMP(6)', 11, null, 6, 'TIMESTAMP(6)'],
  ])('%s → label', (type, length, precision, scale, label) => {
    expect(oracleTypeLabel(type, length, precision, scale)).toBe(label);
  });

  const rows: OracleCatalogRow[] = [
    ['REPORTER', 'ORDERS', 'T', 'ID', 'NUMBER', 22, 10, 0, 'N', 1],
    ['REPORTER', 'ORDERS', 'T', 'NOTE', 'VARCHAR2', 200, null, null, 'Y', 0],
    ['REPORTER', 'BIN$abc==$0', 'T', 'X', 'NUMBER', 22, null, null, 'Y', 0],
    ['SALES', 'V_TOTALS', 'V', 'TOTAL', 'NUMBER', 22, null, null, 'Y', 0],
  ];

  it('default schema (the user, upper-cased) unqualified, others qualified, $ names dropped', () => {
    expect(oracleTablesFromRows(rows, undefined, oracleDefaultSchema(null, 'reporter'))).toEqual([
      {
        name: 'ORDERS',
        kind: 'table',
        columns: [
          { name: 'ID', type: 'NUMBER(10)', nullable: false, primaryKey: true },
          { name: 'NOTE', type: 'VARCHAR2(200)', nullable: true, primaryKey: false },
        ],
      },
      {
        name: 'SALES.V_TOTALS',
        kind: 'view',
        columns: [{ name: 'TOTAL', type: 'NUMBER', nullable: true, primaryKey: false }],
      },
    ]);
  });

  it('the schemas filter compares upper-cased', () => {
    expect(oracleTablesFromRows(rows, ['sales'], 'SALES').map((table) => table.name)).toEqual([
      'V_TOTALS',
    ]);
  });
});

describe('oracleCatalogStatement', () => {
  it('without globs: the plain statement, no binds', () => {
    expect(oracleCatalogStatement({}, 'APP')).toEqual({ sql: ORACLE_CATALOG_SQL });
  });

  it('binds upper-cased patterns and the default schema; compares the shown name upper-cased', () => {
    const statement = oracleCatalogStatement({ tables: ['ord*', 'hr.emp_!'] }, 'APP');
    expect(statement.binds).toEqual({ d: 'APP', t0: 'ORD%', t1: 'HR.EMP!_!!' });
    const added = statement.sql.slice(ORACLE_CATALOG_SQL.length);
    expect(added).toContain(
      "UPPER(CASE WHEN c.OWNER = :d THEN c.TABLE_NAME ELSE c.OWNER || '.' || c.TABLE_NAME END) LIKE :t0 ESCAPE '!' OR ",
    );
    expect(added).toContain("LIKE :t1 ESCAPE '!')");
    expect(added).not.toMatch(/ord|emp/i);
  });
});

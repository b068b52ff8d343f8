import { fieldKeys, nameRulesFor } from './name-rules';

describe('nameRulesFor', () => {
  it('PostgreSQL: public.t is t; other schemas stay qualified; case is exact', () => {
    const rules = nameRulesFor({ type: 'POSTGRESQL', schema: null, userName: 'app' });
    expect(rules.tableKey('public.orders')).toBe('orders');
    expect(rules.tableKey('orders')).toBe('orders');
    expect(rules.tableKey('sales.orders')).toBe('sales.orders');
    expect(rules.tableKey('Orders')).toBe('Orders');
    expect(rules.fieldKey('Amount')).toBe('Amount');
  });

  it('PostgreSQL with a default schema set: that schema is the unqualified one', () => {
    const rules = nameRulesFor({ type: 'POSTGRESQL', schema: 'sales', userName: 'app' });
    expect(rules.tableKey('sales.deals')).toBe('deals');
    expect(rules.tableKey('public.orders')).toBe('public.orders');
  });

  it('SQL Server: dbo.t is t', () => {
    const rules = nameRulesFor({ type: 'SQL_SERVER', schema: null, userName: 'sa' });
    expect(rules.tableKey('dbo.Orders')).toBe('Orders');
    expect(rules.tableKey('sales.Orders')).toBe('sales.Orders');
  });

  it('Oracle: compares upper-cased, the user schema is the default', () => {
    const rules = nameRulesFor({ type: 'ORACLE', schema: null, userName: 'app' });
    expect(rules.tableKey('orders')).toBe('ORDERS');
    expect(rules.tableKey('app.orders')).toBe('ORDERS');
    expect(rules.tableKey('hr.employees')).toBe('HR.EMPLOYEES');
    expect(rules.discoveredTableKey('HR.Employees')).toBe('HR.EMPLOYEES');
    expect(rules.fieldKey('first_name')).toBe('FIRST_NAME');
  });

  it.each(['MYSQL', 'MONGODB'] as const)('%s: exact', (type) => {
    const rules = nameRulesFor({ type, schema: null, userName: 'app' });
    expect(rules.tableKey('public.orders')).toBe('public.orders');
    expect(rules.tableKey('Orders')).toBe('Orders');
    expect(rules.fieldKey('Amount')).toBe('Amount');
  });
});

describe('fieldKeys', () => {
  it('has every field and every parent of a dotted field', () => {
    const rules = nameRulesFor({ type: 'MONGODB', schema: null, userName: 'app' });
    expect([...fieldKeys(['_id', 'address.city', 'address.geo.lat'], rules)].sort()).toEqual([
      '_id',
      'address',
      'address.city',
      'address.geo',
      'address.geo.lat',
    ]);
  });

  it('folds with the engine rules', () => {
    const rules = nameRulesFor({ type: 'ORACLE', schema: null, userName: 'app' });
    expect(fieldKeys(['First_Name'], rules).has('FIRST_NAME')).toBe(true);
  });
});

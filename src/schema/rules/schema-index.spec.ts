import { PackedSchema } from '../cache/packed-schema';
import { nameRulesFor } from './name-rules';
import { SchemaIndex } from './schema-index';

const snapshot = (tables: Record<string, string[]>): PackedSchema =>
  PackedSchema.of({ discoveredAt: '2025-01-01T00:00:00.000Z', tables });

describe('SchemaIndex', () => {
  it('finds tables by the engine rules (PostgreSQL: public.t is t)', () => {
    const index = new SchemaIndex(
      snapshot({ orders: ['id'], 'sales.deals': ['amount'] }),
      nameRulesFor({ type: 'POSTGRESQL', schema: null, userName: 'app' }),
    );
    expect(index.table('orders')).toBe('orders');
    expect(index.table('public.orders')).toBe('orders');
    expect(index.table('sales.deals')).toBe('sales.deals');
    expect(index.table('Orders')).toBeUndefined();
  });

  it('Oracle: tables and fields compared upper-cased, the name returned as discovered', () => {
    const index = new SchemaIndex(
      snapshot({ EMPLOYEES: ['FIRST_NAME'], 'HR.Jobs': ['Title'] }),
      nameRulesFor({ type: 'ORACLE', schema: null, userName: 'app' }),
    );
    expect(index.table('app.employees')).toBe('EMPLOYEES');
    expect(index.table('hr.jobs')).toBe('HR.Jobs');
    expect(index.fieldsOf('EMPLOYEES')('first_name')).toBe(true);
    expect(index.fieldsOf('HR.Jobs')('TITLE')).toBe(true);
  });

  it('a field exists itself or as the parent of a dotted field (MongoDB)', () => {
    const index = new SchemaIndex(
      snapshot({ customers: ['_id', 'address.geo.lat'] }),
      nameRulesFor({ type: 'MONGODB', schema: null, userName: 'app' }),
    );
    const exists = index.fieldsOf('customers');
    expect(['_id', 'address', 'address.geo', 'address.geo.lat'].every(exists)).toBe(true);
    expect(exists('address.city')).toBe(false);
    expect(exists('Address')).toBe(false);
  });

  it('suggests the closest table (by its key) and field, and answers the same when asked again', () => {
    const index = new SchemaIndex(
      snapshot({ orders: ['amount', 'id'], customers: ['name'] }),
      nameRulesFor({ type: 'POSTGRESQL', schema: null, userName: 'app' }),
    );
    for (let round = 0; round < 2; round++) {
      expect(index.suggestTable('public.ordrs')).toBe('orders');
      expect(index.suggestTable('invoices_2019')).toBeUndefined();
      expect(index.suggestField('orders', 'amout')).toBe('amount');
      expect(index.suggestField('orders', 'zzzzzz')).toBeUndefined();
    }
  });

  it('keeps answering right past the number of suggestions it remembers', () => {
    const index = new SchemaIndex(
      snapshot({ orders: ['amount'] }),
      nameRulesFor({ type: 'MYSQL', schema: null, userName: 'app' }),
    );
    for (let asked = 0; asked < 5_000; asked++) index.suggestTable(`missing_${asked}`);
    expect(index.suggestTable('ordes')).toBe('orders');
    expect(index.suggestTable('missing_1')).toBeUndefined();
  });
});

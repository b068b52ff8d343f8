import { PackedSchema } from './packed-schema';
import { SchemaSnapshot } from './schema-cache';

const snapshotOf = (tables: Record<string, string[]>): SchemaSnapshot => ({
  discoveredAt: '2025-01-01T00:00:00.000Z',
  tables,
});

describe('PackedSchema', () => {
  it('gives back every table and its fields in discovery order, and counts the names', () => {
    const snapshot = snapshotOf({
      orders: ['id', 'amount', 'customer.name'],
      lines: [],
      'sales.Deals': ['Amount'],
    });
    const schema = PackedSchema.of(snapshot);
    expect([...schema.tableNames()]).toEqual(['orders', 'lines', 'sales.Deals']);
    expect(schema.fieldsOf('orders')).toEqual(['id', 'amount', 'customer.name']);
    expect(schema.fieldsOf('lines')).toEqual([]);
    expect(schema.fieldsOf('Orders')).toBeUndefined();
    expect(schema.size).toBe(7);
    expect(schema.discoveredAt).toBe(snapshot.discoveredAt);
    expect(schema.toSnapshot()).toEqual(snapshot);
  });

  it('keeps any name as it is: separators, empty, unicode, very long, object keys', () => {
    const long = 'x'.repeat(70_000);
    // A JSON text, so that `__proto__` is an own key as in a discovered catalog.
    const tables = JSON.parse(
      `{"__proto__":["constructor"],"a\\u0000b":["","\\u0000","ünï","表"],"${long}":["${long}","y"]}`,
    ) as Record<string, string[]>;
    const schema = PackedSchema.of(snapshotOf(tables));
    expect(schema.fieldsOf('__proto__')).toEqual(['constructor']);
    expect(schema.fieldsOf('a\u0000b')).toEqual(['', '\u0000', 'ünï', '表']);
    expect(schema.fieldsOf(long)).toEqual([long, 'y']);
    expect(schema.fieldsOf('constructor')).toBeUndefined();
    expect(Object.keys(schema.toSnapshot().tables)).toEqual(['__proto__', 'a\u0000b', long]);
    expect(schema.toSnapshot()).toEqual(snapshotOf(tables));
  });

  it('weighs an empty catalog 1 (cache sizes must be positive)', () => {
    expect(PackedSchema.of(snapshotOf({})).size).toBe(1);
  });
});

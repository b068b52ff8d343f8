import { PackedSchema, PackedSchemaBuilder, packed } from './packed-schema';
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

  it('is built table by table to the same schema as a plain snapshot packed, and its JSON is that snapshot', () => {
    const tables = JSON.parse(
      '{"__proto__":["a"],"10":["n"],"q\\"uote":["\\u2028","表"],"orders":["id","total"],"empty":[]}',
    ) as Record<string, string[]>;
    const builder = new PackedSchemaBuilder();
    for (const table of Object.keys(tables)) builder.add(table, tables[table]);
    const built = builder.build('2025-01-01T00:00:00.000Z');
    const plain = PackedSchema.of(snapshotOf(tables));
    expect(built.toSnapshot()).toEqual(plain.toSnapshot());
    expect(built.size).toBe(plain.size);
    expect(JSON.parse(built.toJson())).toEqual(snapshotOf(tables));
    expect(
      Object.getOwnPropertyDescriptor(JSON.parse(built.toJson()).tables, '__proto__')?.value,
    ).toEqual(['a']);
    expect(built.toJson()).toBe(JSON.stringify(built.toSnapshot()));
    expect(packed(built)).toBe(built);
    expect(packed(snapshotOf(tables)).toSnapshot()).toEqual(plain.toSnapshot());
  });
});

import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { FieldStats, MAX_FIELD_DEPTH, bsonTypeName } from './mongodb-field-stats';

describe('bsonTypeName', () => {
  it.each([
    [new Int32(1), 'int'],
    [new Double(1), 'double'],
    [Long.fromNumber(1), 'long'],
    [Decimal128.fromString('1.5'), 'decimal'],
    [new ObjectId(), 'objectId'],
    [new Binary(Buffer.from('x')), 'binData'],
    ['x', 'string'],
    [true, 'bool'],
    [null, 'null'],
    [new Date(0), 'date'],
    [[1], 'array'],
    [{ a: 1 }, 'object'],
  ])('%p is %s', (value, type) => {
    expect(bsonTypeName(value)).toBe(type);
  });
});

describe('FieldStats', () => {
  it('reports nested paths, arrays of documents without indexes, and presence over sampled documents', () => {
    const stats = new FieldStats();
    stats.add({
      _id: new Int32(1),
      items: [{ sku: 'A' }, { sku: 'B', qty: new Int32(2) }],
      meta: { tags: ['x'] },
    });
    stats.add({ _id: new Int32(2), items: [] });
    expect(stats.columns()).toEqual([
      { name: '_id', type: 'int', nullable: false, primaryKey: true, presence: 1 },
      { name: 'items', type: 'array', nullable: false, primaryKey: false, presence: 1 },
      { name: 'items.qty', type: 'int', nullable: true, primaryKey: false, presence: 0.5 },
      { name: 'items.sku', type: 'string', nullable: true, primaryKey: false, presence: 0.5 },
      { name: 'meta', type: 'object', nullable: true, primaryKey: false, presence: 0.5 },
      { name: 'meta.tags', type: 'array', nullable: true, primaryKey: false, presence: 0.5 },
    ]);
  });

  it('stops walking at the depth limit instead of recursing without end', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let level = 0; level < MAX_FIELD_DEPTH + 10; level++) deep = { n: deep };
    const stats = new FieldStats();
    stats.add(deep);
    const longest = Math.max(...stats.columns().map((column) => column.name.split('.').length));
    expect(longest).toBe(MAX_FIELD_DEPTH + 1);
  });

  it('an empty sample has no columns', () => {
    expect(new FieldStats().columns()).toEqual([]);
  });
});

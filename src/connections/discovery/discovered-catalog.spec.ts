import { DiscoveredTable } from '../../drivers/database-driver';
import { DiscoveredCatalog } from './discovered-catalog';

const table = (name: string, ...columns: string[]): DiscoveredTable => ({
  name,
  kind: 'table',
  columns: columns.map((column) => ({
    name: column,
    type: 'text',
    nullable: true,
    primaryKey: false,
  })),
});

describe('DiscoveredCatalog', () => {
  const discoveredAt = new Date('2026-12-01T12:00:00.000Z');

  it("keeps every table's field names for the snapshot, as own properties whatever the name", () => {
    const catalog = new DiscoveredCatalog();
    catalog.add([table('__proto__', 'a'), table('constructor')]);
    catalog.add([]);
    catalog.add([table('orders', 'id', 'note')]);
    const snapshot = catalog.snapshot(discoveredAt).toSnapshot();
    expect(snapshot.discoveredAt).toBe('2026-12-01T12:00:00.000Z');
    expect(Object.keys(snapshot.tables)).toEqual(['__proto__', 'constructor', 'orders']);
    expect(Object.getOwnPropertyDescriptor(snapshot.tables, '__proto__')?.value).toEqual(['a']);
    expect(snapshot.tables.constructor).toEqual([]);
    expect(snapshot.tables.orders).toEqual(['id', 'note']);
    expect(Object.getPrototypeOf(snapshot.tables)).toBe(Object.prototype);
  });

  it('serialises each batch as it comes, with the size of its UTF-8 bytes, and keeps no JSON without a serialiser', () => {
    const seen: string[][] = [];
    const catalog = new DiscoveredCatalog((tables, fieldsJson) => {
      seen.push([...fieldsJson]);
      return tables.map((entry) => Buffer.from(JSON.stringify(entry.name)));
    });
    catalog.add([table('a', 'x', 'y')]);
    catalog.add([table('é'), table('😀', 'z')]);
    expect(seen).toEqual([['["x","y"]'], ['[]', '["z"]']]);
    const { chunks, bytes } = catalog.tablesJson();
    expect(chunks.map(String)).toEqual(['"a"', '"é"', '"😀"']);
    expect(bytes).toBe(3 + 4 + 6);
    const bare = new DiscoveredCatalog();
    bare.add([table('a', 'x')]);
    expect(bare.tablesJson()).toEqual({ chunks: [], bytes: 0 });
  });

  it('refuses a batch that does not sort after the ones before it (a driver bug, never sent)', () => {
    const catalog = new DiscoveredCatalog();
    catalog.add([table('b'), table('c')]);
    expect(() => catalog.add([table('a')])).toThrow('out of name order');
    expect(() => catalog.add([table('c'), table('d')])).not.toThrow();
  });
});

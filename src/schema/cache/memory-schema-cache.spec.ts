import { MemorySchemaCache } from './memory-schema-cache';
import { SchemaSnapshot, schemaCacheKey } from './schema-cache';

const snapshot = (tables: Record<string, string[]>): SchemaSnapshot => ({
  discoveredAt: '2025-01-01T00:00:00.000Z',
  tables,
});

describe('MemorySchemaCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('answers while fresh and misses once the TTL has passed', async () => {
    const cache = new MemorySchemaCache({ ttlSeconds: 300, now: clock });
    const value = snapshot({ orders: ['id'] });
    const held = await cache.set('a', value);
    expect(held.toSnapshot()).toEqual(value);
    now += 300_000;
    expect(await cache.get('a')).toBe(held);
    now += 1;
    expect(await cache.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = new MemorySchemaCache({ ttlSeconds: 300, maxEntries: 2, now: clock });
    await cache.set('a', snapshot({}));
    await cache.set('b', snapshot({}));
    await cache.get('a');
    await cache.set('c', snapshot({}));
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBeDefined();
    expect(await cache.get('c')).toBeDefined();
  });

  it('keeps at most maxNames table and field names in all', async () => {
    const cache = new MemorySchemaCache({ ttlSeconds: 300, maxNames: 10, now: clock });
    await cache.set('a', snapshot({ t: ['1', '2', '3', '4'] }));
    await cache.set('b', snapshot({ u: ['1', '2', '3', '4'] }));
    expect(cache.size).toBe(2);
    await cache.set('c', snapshot({ v: ['1', '2'] }));
    expect(await cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
    await cache.set('huge', snapshot({ w: Array(20).fill('x') }));
    expect(await cache.get('huge')).toBeUndefined();
  });

  it('drops expired snapshots that are never read again (e.g. of a previous version)', async () => {
    jest.useFakeTimers();
    try {
      const cache = new MemorySchemaCache({ ttlSeconds: 300, now: () => Date.now() });
      for (let version = 0; version < 100; version += 1) {
        await cache.set(`id:${version}`, snapshot({ orders: ['id', 'total'] }));
      }
      expect(cache.size).toBe(100);
      jest.advanceTimersByTime(300_001);
      expect(cache.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('caches nothing with a TTL of 0 (and still hands the snapshot back packed)', async () => {
    const cache = new MemorySchemaCache({ ttlSeconds: 0, now: clock });
    expect((await cache.set('a', snapshot({ t: ['x'] }))).toSnapshot()).toEqual(
      snapshot({ t: ['x'] }),
    );
    expect(await cache.get('a')).toBeUndefined();
  });

  it('keys by id and version, so an update makes the old entry unreachable', () => {
    const id = '0190a0b0-0000-7000-8000-000000000000';
    expect(schemaCacheKey({ organizationId: 'default', id, updatedAt: new Date(1) })).not.toBe(
      schemaCacheKey({ organizationId: 'default', id, updatedAt: new Date(2) }),
    );
  });
});

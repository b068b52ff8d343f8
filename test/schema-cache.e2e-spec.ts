import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { closeRedisClient, createRedisClient } from '../src/common/redis/redis-client';
import { RedisSchemaCache } from '../src/schema/cache/redis-schema-cache';
import { SchemaCache, SchemaSnapshot } from '../src/schema/cache/schema-cache';
import { freePort } from './support/ports';
import { TEST_REDIS_URL, describeWithRedis } from './support/real-servers';

const snapshot: SchemaSnapshot = {
  discoveredAt: '2025-01-01T00:00:00.000Z',
  tables: { orders: ['amount', 'id'], 'sales.Deals': ['Amount'] },
};
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
/** What a cache hands out for `key`, as the plain snapshot (the cache holds it packed). */
const read = async (cache: SchemaCache, key: string) => (await cache.get(key))?.toSnapshot();

describeWithRedis('RedisSchemaCache on a real Redis', () => {
  const prefix = `cs:test:${randomBytes(4).toString('hex')}:`;
  const clients: Redis[] = [];
  const cache = (ttlSeconds: number, url = TEST_REDIS_URL!) => {
    const client = createRedisClient(url);
    clients.push(client);
    return new RedisSchemaCache({ client, ttlSeconds, keyPrefix: prefix });
  };
  afterAll(() => Promise.all(clients.map(closeRedisClient)));

  it('shares a snapshot between two instances (two clients, one Redis)', async () => {
    await cache(60).set('conn-1:1', snapshot);
    expect(await read(cache(60), 'conn-1:1')).toEqual(snapshot);
    expect(await cache(60).get('conn-1:2')).toBeUndefined();
  });

  it('hands out the snapshot it parsed once while Redis says it is current (one index per snapshot)', async () => {
    const writer = cache(60);
    const reader = cache(60);
    const written = await writer.set('conn-4:1', snapshot);
    expect(written.toSnapshot()).toEqual(snapshot);
    const first = await reader.get('conn-4:1');
    expect(first?.toSnapshot()).toEqual(snapshot);
    expect(await reader.get('conn-4:1')).toBe(first);
    expect(await writer.get('conn-4:1')).toBe(written);
  });

  it("sees another instance's re-discovery, and a key removed from Redis", async () => {
    const one = cache(60);
    const other = cache(60);
    await one.set('conn-5:1', snapshot);
    expect(await read(other, 'conn-5:1')).toEqual(snapshot);
    const rediscovered: SchemaSnapshot = {
      discoveredAt: '2025-01-02T00:00:00.000Z',
      tables: { orders: ['amount', 'id', 'status'] },
    };
    await one.set('conn-5:1', rediscovered);
    expect(await read(other, 'conn-5:1')).toEqual(rediscovered);
    await other.set('conn-5:1', snapshot);
    expect(await read(one, 'conn-5:1')).toEqual(snapshot);
    await clients[0].del(`${prefix}conn-5:1`, `${prefix}conn-5:1:stamp`);
    expect(await one.get('conn-5:1')).toBeUndefined();
    expect(await other.get('conn-5:1')).toBeUndefined();
  });

  it('reads a snapshot stored without a stamp (by a previous version of the service)', async () => {
    const reader = cache(60);
    await clients[0].set(`${prefix}conn-6:1`, JSON.stringify(snapshot), 'PX', 60_000);
    expect(await read(reader, 'conn-6:1')).toEqual(snapshot);
    const changed = { ...snapshot, tables: { orders: ['id'] } };
    await clients[0].set(`${prefix}conn-6:1`, JSON.stringify(changed), 'PX', 60_000);
    expect(await read(reader, 'conn-6:1')).toEqual(changed);
  });

  it('expires entries with the TTL', async () => {
    const shortLived = cache(1);
    await shortLived.set('conn-2:1', snapshot);
    expect(await read(shortLived, 'conn-2:1')).toEqual(snapshot);
    await sleep(1100);
    expect(await shortLived.get('conn-2:1')).toBeUndefined();
  });

  it('caches in the instance memory (and does not throw) when Redis cannot be reached', async () => {
    const down = cache(60, `redis://127.0.0.1:${await freePort()}`);
    expect((await down.set('conn-3:1', snapshot)).toSnapshot()).toEqual(snapshot);
    expect(await read(down, 'conn-3:1')).toEqual(snapshot);
    await expect(down.get('conn-3:2')).resolves.toBeUndefined();
    await expect(cache(60).get('conn-3:1')).resolves.toBeUndefined();
  });
});

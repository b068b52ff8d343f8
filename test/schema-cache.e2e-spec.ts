import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { closeRedisClient, createRedisClient } from '../src/common/redis/redis-client';
import { RedisSchemaCache } from '../src/schema/cache/redis-schema-cache';
import { SchemaSnapshot } from '../src/schema/cache/schema-cache';
import { freePort } from './support/ports';
import { TEST_REDIS_URL, describeWithRedis } from './support/real-servers';

const snapshot: SchemaSnapshot = {
  discoveredAt: '2025-01-01T00:00:00.000Z',
  tables: { orders: ['amount', 'id'], 'sales.Deals': ['Amount'] },
};
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

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
    expect(await cache(60).get('conn-1:1')).toEqual(snapshot);
    expect(await cache(60).get('conn-1:2')).toBeUndefined();
  });

  it('expires entries with the TTL', async () => {
    const shortLived = cache(1);
    await shortLived.set('conn-2:1', snapshot);
    expect(await shortLived.get('conn-2:1')).toEqual(snapshot);
    await sleep(1100);
    expect(await shortLived.get('conn-2:1')).toBeUndefined();
  });

  it('caches in the instance memory (and does not throw) when Redis cannot be reached', async () => {
    const down = cache(60, `redis://127.0.0.1:${await freePort()}`);
    await expect(down.set('conn-3:1', snapshot)).resolves.toBeUndefined();
    await expect(down.get('conn-3:1')).resolves.toEqual(snapshot);
    await expect(down.get('conn-3:2')).resolves.toBeUndefined();
    await expect(cache(60).get('conn-3:1')).resolves.toBeUndefined();
  });
});

import Redis from 'ioredis';

/**
 * The client every Redis user shares (rate limits, schema cache, readiness): short timeouts and one
 * retry, so that a Redis outage costs a call at most a second before it fails open or misses.
 * Commands issued in the same tick go out in one write (ioredis's auto-pipelining): validate-schema
 * reads ten snapshot stamps at once, which went out as ten writes before (docs/benchmarks.md,
 * validate-scale, session 10: −15% of the service's CPU per call on the Redis cache).
 */
export function createRedisClient(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableAutoPipelining: true,
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Failures surface through the commands; the client's own 'error' events are expected noise.
  client.on('error', () => undefined);
  return client;
}

/**
 * False while the client is reconnecting after a failure: callers miss or fail open at once instead
 * of waiting for Redis (the first calls after boot wait for the first connection).
 */
export function isReachable(client: Redis): boolean {
  return client.status !== 'reconnecting' && client.status !== 'close' && client.status !== 'end';
}

/** Closes a client politely when it is connected, else at once. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

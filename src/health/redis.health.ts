import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { isReachable } from '../common/redis/redis-client';
import { RedisConnection } from '../common/redis/redis.module';

/**
 * Terminus has no Redis indicator: a PING on the application's one client, within its command
 * timeout; down at once while the client is reconnecting (no PING waits for Redis to come back).
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly redis: RedisConnection,
  ) {}

  /** False when REDIS_URL is unset: readiness then does not ask for Redis at all. */
  get configured(): boolean {
    return this.redis.client !== undefined;
  }

  async pingCheck(key: string): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    const { client } = this.redis;
    if (!client || !isReachable(client)) return check.down();
    try {
      await client.ping();
      return check.up();
    } catch {
      return check.down();
    }
  }
}

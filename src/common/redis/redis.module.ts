import { Global, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { Settings } from '../../config/settings';
import { closeRedisClient, createRedisClient } from './redis-client';

/** The one Redis client of the application, or none when REDIS_URL is unset (spec §6.4). */
@Injectable()
export class RedisConnection implements OnModuleDestroy {
  readonly client: Redis | undefined;

  constructor(config: ConfigService<Settings, true>) {
    const { url } = config.get('redis', { infer: true });
    this.client = url ? createRedisClient(url) : undefined;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.client) await closeRedisClient(this.client);
  }
}

@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}

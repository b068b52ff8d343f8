import { Global, Module } from '@nestjs/common';
import { RedisConnection } from '../redis/redis.module';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

/** The RateLimiter for everyone: shared through Redis when REDIS_URL is set, else in memory. */
@Global()
@Module({
  providers: [
    {
      provide: RateLimiter,
      inject: [RedisConnection],
      useFactory: ({ client }: RedisConnection): RateLimiter =>
        client ? new RedisRateLimiter({ client }) : new MemoryRateLimiter(),
    },
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}

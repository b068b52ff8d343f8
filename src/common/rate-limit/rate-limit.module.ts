import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Settings } from '../../config/settings';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

/** The RateLimiter for everyone: shared through Redis when REDIS_URL is set, else in memory. */
@Global()
@Module({
  providers: [
    {
      provide: RateLimiter,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Settings, true>): RateLimiter => {
        const { url } = config.get('redis', { infer: true });
        return url ? new RedisRateLimiter({ url }) : new MemoryRateLimiter();
      },
    },
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}

import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RedisConnection } from '../../common/redis/redis.module';
import { Settings } from '../../config/settings';
import { MemorySchemaCache } from './memory-schema-cache';
import { RedisSchemaCache } from './redis-schema-cache';
import { SchemaCache } from './schema-cache';

/** The schema cache: in memory per instance, or shared through Redis when REDIS_URL is set (spec §6.4). */
@Module({
  providers: [
    {
      provide: SchemaCache,
      inject: [ConfigService, RedisConnection],
      useFactory: (
        config: ConfigService<Settings, true>,
        { client }: RedisConnection,
      ): SchemaCache => {
        const { schemaCacheTtlSeconds: ttlSeconds, schemaCacheMaxNames: maxNames } = config.get(
          'drivers',
          { infer: true },
        );
        return client
          ? new RedisSchemaCache({ client, ttlSeconds, maxNames })
          : new MemorySchemaCache({ ttlSeconds, maxNames });
      },
    },
  ],
  exports: [SchemaCache],
})
export class SchemaCacheModule {}

import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Settings } from '../config/settings';
import { ConnectionsModule } from '../connections/connections.module';
import { MemorySchemaCache } from './cache/memory-schema-cache';
import { RedisSchemaCache } from './cache/redis-schema-cache';
import { SchemaCache } from './cache/schema-cache';
import { SchemaController } from './schema.controller';
import { SchemaDiscoveryService } from './schema-discovery.service';
import { SchemaValidationService } from './schema-validation.service';

/** Schema discovery (GET :id/schema), its cache, and validate-schema. */
@Module({
  imports: [ConnectionsModule],
  controllers: [SchemaController],
  providers: [
    SchemaDiscoveryService,
    SchemaValidationService,
    {
      provide: SchemaCache,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Settings, true>): SchemaCache => {
        const { url } = config.get('redis', { infer: true });
        const ttlSeconds = config.get('drivers', { infer: true }).schemaCacheTtlSeconds;
        return url
          ? new RedisSchemaCache({ url, ttlSeconds })
          : new MemorySchemaCache({ ttlSeconds });
      },
    },
  ],
})
export class SchemaModule {}

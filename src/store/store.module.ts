import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { Settings } from '../config/settings';
import { dataSourceOptions } from './data-source-options';

type StoreBehaviour = Pick<TypeOrmModuleOptions, 'migrationsRun' | 'retryAttempts' | 'retryDelay' | 'toRetry'>;

function store(behaviour: StoreBehaviour): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<Settings, true>) => ({
      ...dataSourceOptions(config.get('store', { infer: true })),
      autoLoadEntities: true,
      ...behaviour,
    }),
  });
}

/** The connection store: SQLite under DATA_DIR, or PostgreSQL at DATABASE_URL. Migrations run before serving. */
@Module({ imports: [store({ migrationsRun: true, retryAttempts: 3, retryDelay: 1000 })] })
export class StoreModule {}

/** The same store for a one-shot command: no migration, and no retry, so a command fails at once and says why. */
@Module({ imports: [store({ toRetry: () => false })] })
export class CommandStoreModule {}

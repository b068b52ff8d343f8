import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Settings } from '../config/settings';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsExclusively } from './migration-lock';

type StoreBehaviour = Pick<TypeOrmModuleOptions, 'retryAttempts' | 'retryDelay' | 'toRetry'>;

function store(behaviour: StoreBehaviour, dataSourceFactory?: (options?: DataSourceOptions) => Promise<DataSource>): DynamicModule {
  return TypeOrmModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<Settings, true>) => ({
      ...dataSourceOptions(config.get('store', { infer: true })),
      autoLoadEntities: true,
      ...behaviour,
    }),
    dataSourceFactory,
  });
}

/** Opens the store and runs its pending migrations (one instance at a time) before anything is served. */
async function openMigrated(options?: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options as DataSourceOptions).initialize();
  try {
    await runMigrationsExclusively(dataSource, 'all');
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** The connection store: SQLite under DATA_DIR, or PostgreSQL at DATABASE_URL. Migrations run before serving. */
@Module({ imports: [store({ retryAttempts: 3, retryDelay: 1000 }, openMigrated)] })
export class StoreModule {}

/** The same store for a one-shot command: no migration, and no retry, so a command fails at once and says why. */
@Module({ imports: [store({ toRetry: () => false })] })
export class CommandStoreModule {}

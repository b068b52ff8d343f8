import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { Settings } from '../config/settings';
import { MIGRATIONS } from './migrations';

/** How long a store call may wait before the request answers 503 (spec §7: "a couple of seconds"). */
export const STORE_TIMEOUT_MS = 1500;

/**
 * One builder for the app, the migration CLI, key rotation and the tests. Entities are not listed
 * here: each feature registers its own (TypeOrmModule.forFeature, autoLoadEntities).
 */
export function dataSourceOptions(store: Settings['store']): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false as const,
    logging: false,
  };
  if (store.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: store.databaseUrl,
      applicationName: 'connections-service',
      extra: {
        max: 20,
        connectionTimeoutMillis: STORE_TIMEOUT_MS,
        query_timeout: STORE_TIMEOUT_MS,
        statement_timeout: STORE_TIMEOUT_MS,
        keepAlive: true,
      },
    };
  }
  const dir = resolve(store.dataDir);
  mkdirSync(dir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(dir, 'connections.sqlite'),
    enableWAL: true,
    timeout: STORE_TIMEOUT_MS,
    // SQLite's own default page cache (2 MiB) rather than better-sqlite3's 16 MiB: the embedded
    // store is small, and a long-running service should not grow toward the larger cap.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('cache_size = -2000');
    },
  };
}

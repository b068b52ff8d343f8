import { Client } from 'pg';
import { DataSource, Migration } from 'typeorm';
import { STORE_TIMEOUT_MS } from './data-source-options';

/** The name of the PostgreSQL advisory lock (hashed to its key) taken around every migration run. */
export const MIGRATION_LOCK_NAME = 'connections-service:migrations';

/** How long an instance waits for another one to finish migrating before its boot attempt fails. */
const MIGRATION_LOCK_WAIT_MS = 60_000;

/**
 * Runs the pending migrations, one instance at a time. On PostgreSQL several instances can start
 * together on one store: each takes a session-level advisory lock on a connection of its own before
 * migrating, so the first one migrates and the others, once they get the lock, find nothing pending
 * (without it they race to create the `migrations` table and all but one fail and retry). The lock
 * is released when that session ends, whatever happened meanwhile. SQLite is one process's file:
 * nothing to serialise.
 */
export async function runMigrationsExclusively(
  dataSource: DataSource,
  transaction: 'all' | 'each',
): Promise<Migration[]> {
  const { options } = dataSource;
  if (options.type !== 'postgres') return dataSource.runMigrations({ transaction });
  const lock = new Client({
    connectionString: options.url,
    application_name: 'connections-service migrations',
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    lock_timeout: MIGRATION_LOCK_WAIT_MS,
  });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_NAME]);
    return await dataSource.runMigrations({ transaction });
  } finally {
    await lock.end();
  }
}

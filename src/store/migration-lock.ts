import { Client } from 'pg';
import { DataSource, Migration } from 'typeorm';
import { STORE_TIMEOUT_MS } from './data-source-options';

/** The name of the PostgreSQL advisory lock (hashed to its key) taken around every migration run. */
export const MIGRATION_LOCK_NAME = 'connections-service:migrations';

/** How long an instance waits for another one to finish before its boot attempt fails. */
const STORE_LOCK_WAIT_MS = 60_000;

/**
 * Runs `work` while this instance holds the PostgreSQL advisory lock `name`: a session-level lock
 * taken on a connection of its own (the pool's connections keep their short statement timeouts, and
 * waiting for the lock is not a statement of theirs), released when that session ends, whatever
 * happened meanwhile. SQLite is one process's file: `work` runs at once.
 */
export async function whileStoreLocked<T>(
  dataSource: DataSource,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const { options } = dataSource;
  if (options.type !== 'postgres') return work();
  const lock = new Client({
    connectionString: options.url,
    application_name: `connections-service ${name.split(':').pop()}`,
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    lock_timeout: STORE_LOCK_WAIT_MS,
  });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    return await work();
  } finally {
    await lock.end();
  }
}

/**
 * Runs the pending migrations, one instance at a time. On PostgreSQL several instances can start
 * together on one store: each takes the migration lock before migrating, so the first one migrates
 * and the others, once they get the lock, find nothing pending (without it they race to create the
 * `migrations` table and all but one fail and retry).
 */
export function runMigrationsExclusively(
  dataSource: DataSource,
  transaction: 'all' | 'each',
): Promise<Migration[]> {
  return whileStoreLocked(dataSource, MIGRATION_LOCK_NAME, () =>
    dataSource.runMigrations({ transaction }),
  );
}

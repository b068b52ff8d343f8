import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { PreparedStatements } from './prepared-statements';

/** Runs one statement on the store (a read, or an append that answers nothing) and answers its rows. */
export type StoreReads = <R extends QueryResultRow>(
  text: string,
  values: unknown[],
) => Promise<R[]>;

/**
 * The read path's way to the store: on PostgreSQL, straight through the pg pool that TypeORM's driver
 * holds (`master`), the same unnamed statement `dataSource.query` would send, without the query runner
 * TypeORM builds, connects, broadcasts through and releases around every statement (about 10 µs of
 * CPU per query, docs/benchmarks.md); on the embedded SQLite, `dataSource.query`.
 */
export function storeReads(dataSource: DataSource): StoreReads {
  if (dataSource.options.type !== 'postgres') {
    return <R extends QueryResultRow>(text: string, values: unknown[]) =>
      dataSource.query<R[]>(text, values);
  }
  let pool: Pool | undefined;
  return async <R extends QueryResultRow>(text: string, values: unknown[]) => {
    pool ??= postgresPool(dataSource);
    return (await pool.query<R>(text, values)).rows;
  };
}

/**
 * Like `storeReads`, but on PostgreSQL each text runs as a named prepared statement
 * (PreparedStatements): parsed and planned once per pooled connection, then only bound and
 * executed. For the fixed texts of the lookups by id (every GET, PATCH, DELETE, test and discovery
 * of one connection starts with one); never for a text built from a request's filters, since each
 * pooled connection keeps every statement it was asked to prepare. SQLite: `dataSource.query`.
 */
export function preparedStoreReads(dataSource: DataSource): StoreReads {
  if (dataSource.options.type !== 'postgres') return storeReads(dataSource);
  const statements = new PreparedStatements(dataSource);
  return <R extends QueryResultRow>(text: string, values: unknown[]) =>
    statements.rows<R>(text, values);
}

/** The pg pool behind an initialized PostgreSQL DataSource. */
function postgresPool(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool || typeof pool.query !== 'function')
    throw new Error('storeReads needs an initialized PostgreSQL DataSource');
  return pool;
}

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { TestApp } from './test-app';

/** A digest of every row of every table of the store but the migrations bookkeeping. */
export interface StoreFingerprint {
  take(): Promise<string>;
  close(): Promise<void>;
}

const digest = (rows: unknown[]): string => {
  const lines = rows.map((row) =>
    JSON.stringify(row, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    ),
  );
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
};

/**
 * Reads the store of `t` with its own client: SQLite read-only, PostgreSQL through `pg`. The tables
 * are listed once (migrations ran before the app served).
 */
export async function openStoreFingerprint(t: TestApp): Promise<StoreFingerprint> {
  if (t.storeUrl) {
    const client = new Client({ connectionString: t.storeUrl });
    await client.connect();
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return {
      take: async () => {
        const rows: unknown[] = [];
        for (const { name } of tables.rows) {
          const result = await client.query(`SELECT * FROM "${name}"`);
          rows.push(...result.rows.map((row: unknown) => [name, row]));
        }
        return digest(rows);
      },
      close: () => client.end(),
    };
  }
  const db = new Database(join(t.dataDir, 'connections.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  db.pragma('busy_timeout = 2000');
  const reads = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY 1`,
      )
      .all() as { name: string }[]
  ).map(({ name }) => ({ name, all: db.prepare(`SELECT * FROM "${name}"`) }));
  return {
    take: () => {
      const rows = reads.flatMap(({ name, all }) => all.all().map((row) => [name, row]));
      return Promise.resolve(digest(rows));
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

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

/** Reads the store of `t` with its own client: SQLite read-only, PostgreSQL through `pg`. */
export async function openStoreFingerprint(t: TestApp): Promise<StoreFingerprint> {
  if (t.storeUrl) {
    const client = new Client({ connectionString: t.storeUrl });
    await client.connect();
    return {
      take: async () => {
        const tables = await client.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
        );
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
  const tables = () =>
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations' ORDER BY 1`,
      )
      .all() as { name: string }[];
  return {
    take: () => {
      const rows: unknown[] = [];
      for (const { name } of tables()) {
        rows.push(
          ...db
            .prepare(`SELECT * FROM "${name}"`)
            .all()
            .map((row) => [name, row]),
        );
      }
      return Promise.resolve(digest(rows));
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

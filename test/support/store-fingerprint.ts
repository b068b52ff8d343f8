import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { TestApp } from './test-app';

/** The history's table: append-only (the store refuses any UPDATE or DELETE of it), so counted, not read. */
const EVENTS_TABLE = 'connection_events';

/** What the store holds: a digest of every table but the history, and how many history events it has. */
export interface StoreState {
  rows: string;
  events: number;
}

export interface StoreFingerprint {
  /** The store as one text: equal texts, nothing stored or changed in between (history included). */
  take(): Promise<string>;
  /** The same, apart: to tell a change of the connections from events the history gained. */
  state(): Promise<StoreState>;
  close(): Promise<void>;
}

const textOf = (state: StoreState): string => `${state.rows} + ${state.events} history events`;

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
 * are listed once (migrations ran before the app served): every one but the migrations bookkeeping
 * is digested, row by row, except the history, whose events are counted (its rows can only be
 * added to, which the store itself enforces and test/history.e2e-spec.ts proves).
 */
export async function openStoreFingerprint(t: TestApp): Promise<StoreFingerprint> {
  if (t.storeUrl) {
    const client = new Client({ connectionString: t.storeUrl });
    await client.connect();
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', '${EVENTS_TABLE}') ORDER BY 1`,
    );
    const state = async (): Promise<StoreState> => {
      const rows: unknown[] = [];
      for (const { name } of tables.rows) {
        const result = await client.query(`SELECT * FROM "${name}"`);
        rows.push(...result.rows.map((row: unknown) => [name, row]));
      }
      const counted = await client.query<{ events: string }>(
        `SELECT COUNT(*) AS events FROM ${EVENTS_TABLE}`,
      );
      return { rows: digest(rows), events: Number(counted.rows[0].events) };
    };
    return { state, take: async () => textOf(await state()), close: () => client.end() };
  }
  const db = new Database(join(t.dataDir, 'connections.sqlite'), {
    readonly: true,
    fileMustExist: true,
  });
  db.pragma('busy_timeout = 2000');
  const reads = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('migrations', '${EVENTS_TABLE}') ORDER BY 1`,
      )
      .all() as { name: string }[]
  ).map(({ name }) => ({ name, all: db.prepare(`SELECT * FROM "${name}"`) }));
  const count = db.prepare(`SELECT COUNT(*) AS events FROM ${EVENTS_TABLE}`);
  const state = (): Promise<StoreState> => {
    const rows = reads.flatMap(({ name, all }) => all.all().map((row) => [name, row]));
    const { events } = count.get() as { events: number };
    return Promise.resolve({ rows: digest(rows), events });
  };
  return {
    state,
    take: async () => textOf(await state()),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

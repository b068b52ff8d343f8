import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { AesGcmSecretCipher } from '../../src/crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../../src/crypto/keyring';
import { passwordContext } from '../../src/connections/domain/secret-contexts';
import { describeWithPostgres } from './real-servers';
import { StoreKind, TEST_KEY, TEST_KEY_ID, TestApp, createTestApp } from './test-app';

/**
 * Runs `body` once per store: always on SQLite, and on PostgreSQL as a skipped (never absent)
 * suite when TEST_DATABASE_URL is unset, so CI's skip check sees it.
 */
export function describeEachStore(title: string, body: (store: StoreKind) => void): void {
  describe(`${title} (SQLite store)`, () => body('sqlite'));
  describeWithPostgres(`${title} (PostgreSQL store)`, () => body('postgres'));
}

export const BASE = '/v1/management/connections';

/** The password of a factory body unless overridden: what tests look for in responses and logs. */
export const BODY_PASSWORD = 'S3cret-pa55word!';

/**
 * A valid create body (a fresh configName each time); override any field. Every e2e spec builds
 * its bodies here, so a change of the contract changes one place; a test about a field names it
 * as an override.
 */
export function connectionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    configName: `db-${uuidv7().slice(-12)}`,
    type: 'POSTGRESQL',
    host: 'db.example.com',
    port: 5432,
    databaseName: 'app',
    userName: 'reporter',
    password: BODY_PASSWORD,
    ...overrides,
  };
}

/** A create body for a PostgreSQL (or a listener standing in for one) on this machine, at `port`. */
export function localPostgresBody(port: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return connectionBody({ host: '127.0.0.1', port, ...overrides });
}

/** The cipher the test app seals with (same key as createTestApp's). */
export function testCipher(): AesGcmSecretCipher {
  return new AesGcmSecretCipher(parseKeyring(`${TEST_KEY_ID}:${TEST_KEY}`, TEST_KEY_ID));
}

/** One row of the `connections` table as the store holds it (snake_case columns). */
export type StoredRow = Record<string, unknown>;

export interface InsertRow {
  id?: string;
  organizationId?: string;
  productName?: string | null;
  configName: string;
  password?: string;
  type?: string;
  host?: string;
  databaseName?: string;
  metadata?: Record<string, string>;
  createdAt?: Date;
}

/** Reads and writes the store's table with the store's own client (not through the app). */
export interface StoreRows {
  row(id: string): Promise<StoredRow | undefined>;
  /** Inserts a live POSTGRESQL connection row directly (another organization, no product…). */
  insert(row: InsertRow): Promise<string>;
  /** The `connection_events` rows of a connection (every one when no id is given), oldest first. */
  events(connectionId?: string): Promise<StoredRow[]>;
  /** Runs one statement of the store's own SQL (a test's trigger, an UPDATE the store must refuse). */
  execute(statement: string): Promise<void>;
  close(): Promise<void>;
}

export async function openStoreRows(t: TestApp): Promise<StoreRows> {
  const cipher = testCipher();
  const values = (row: InsertRow): [string, unknown[]] => {
    const id = row.id ?? uuidv7();
    const now = row.createdAt?.getTime() ?? Date.now();
    return [
      id,
      [
        id,
        row.organizationId ?? 'default',
        row.productName === undefined ? 'reports' : row.productName,
        row.configName,
        row.configName.toLowerCase(),
        row.type ?? 'POSTGRESQL',
        row.host ?? 'db.example.com',
        5432,
        row.databaseName ?? 'app',
        'reporter',
        cipher.seal(row.password ?? 'imported-pa55', passwordContext(id)),
        JSON.stringify(row.metadata ?? {}),
        now,
        now,
      ],
    ];
  };
  const columns =
    'id, organization_id, product_name, config_name, config_name_key, type, host, port, database_name, user_name, password_sealed, metadata, created_at, updated_at';

  if (t.storeUrl) {
    const client = new Client({ connectionString: t.storeUrl });
    await client.connect();
    return {
      row: async (id) => (await client.query<StoredRow>('SELECT * FROM connections WHERE id = $1', [id])).rows[0],
      events: async (connectionId) =>
        (
          await client.query<StoredRow>(
            `SELECT * FROM connection_events ${connectionId ? 'WHERE connection_id = $1' : ''} ORDER BY at, id`,
            connectionId ? [connectionId] : [],
          )
        ).rows,
      execute: async (statement) => {
        await client.query(statement);
      },
      insert: async (row) => {
        const [id, params] = values(row);
        const marks = params.map((_v, i) => `$${i + 1}`).join(', ');
        await client.query(`INSERT INTO connections (${columns}) VALUES (${marks})`, params);
        return id;
      },
      close: () => client.end(),
    };
  }
  const db = new Database(join(t.dataDir, 'connections.sqlite'));
  db.pragma('busy_timeout = 2000');
  return {
    row: (id) => Promise.resolve(db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as StoredRow | undefined),
    events: (connectionId) =>
      Promise.resolve(
        (connectionId
          ? db.prepare('SELECT * FROM connection_events WHERE connection_id = ? ORDER BY at, id').all(connectionId)
          : db.prepare('SELECT * FROM connection_events ORDER BY at, id').all()) as StoredRow[],
      ),
    // Inside the executor: what the store refuses becomes a rejection, as with pg.
    execute: (statement) => new Promise((resolve) => resolve(void db.exec(statement))),
    insert: (row) => {
      const [id, params] = values(row);
      db.prepare(`INSERT INTO connections (${columns}) VALUES (${params.map(() => '?').join(', ')})`).run(...params);
      return Promise.resolve(id);
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Boots the app on `store` with a direct client on its rows before the suite, closes both after,
 * and hands them to `use` (the suite keeps them in its own variables).
 */
export function withStoreApp(store: StoreKind, use: (app: TestApp, rows: StoreRows) => void): void {
  let app: TestApp | undefined;
  let rows: StoreRows | undefined;
  beforeAll(async () => {
    const booted = await createTestApp({ store });
    app = booted;
    rows = await openStoreRows(booted);
    use(booted, rows);
  });
  afterAll(async () => {
    await rows?.close();
    await app?.close();
  });
}

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { MIGRATIONS } from '../src/store/migrations';
import { describeEachStore } from './support/store-rows';
import { StoreKind, createPostgresDatabase } from './support/test-app';

// Real stores and child processes: the e2e project's testTimeout is not applied per project by Jest 30.
// Ten ts-node processes per store (show, run, run, show, a revert per migration).
jest.setTimeout(180_000);

const run = promisify(execFile);

describeEachStore('npm run migration:run|revert|show', (store: StoreKind) => {
  let env: Record<string, string | undefined>;
  let tables: () => Promise<string[]>;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (store === 'postgres') {
      const database = await createPostgresDatabase(String(process.env.TEST_DATABASE_URL));
      env = { DATABASE_URL: database.url };
      tables = async () => {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        try {
          const { rows } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
          return rows.map((row) => row.name).sort();
        } finally {
          await client.end();
        }
      };
      cleanup = () => database.drop();
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'cs-migrate-'));
      env = { DATA_DIR: dataDir };
      tables = () => {
        const db = new Database(join(dataDir, 'connections.sqlite'), { readonly: true });
        try {
          const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
          return Promise.resolve(rows.map((row) => row.name).sort());
        } finally {
          db.close();
        }
      };
      cleanup = () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true }));
    }
  });
  afterAll(() => cleanup());

  const migrate = async (command: string) =>
    (
      await run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/store/migrate.cli.ts', command], {
        cwd: join(__dirname, '..'),
        env: { PATH: process.env.PATH, ...env },
      })
    ).stdout;

  it('shows, runs and reverts the migrations on the configured store', async () => {
    const names = MIGRATIONS.map((migration) => migration.name);
    const pending = await migrate('show');
    for (const name of names) expect(pending).toContain(`[ ] ${name}`);
    expect(pending).toContain('pending migrations: yes');
    expect(await migrate('run')).toContain(`applied: ${names.join(', ')}`);
    expect(await tables()).toEqual(['connection_counts', 'connection_events', 'connections', 'migrations']);
    expect(await migrate('run')).toContain('no pending migration');
    const applied = await migrate('show');
    for (const name of names) expect(applied).toMatch(new RegExp(`\\[X\\] \\d+ ${name}`));
    expect(applied).toContain('pending migrations: none');
    // Each revert undoes the last one; the first one leaves the store empty.
    for (let left = names.length; left > 0; left -= 1) {
      expect(await migrate('revert')).toContain(`Migration ${names[left - 1]} has been reverted successfully`);
    }
    expect(await tables()).toEqual(['migrations']);
  });

  it('refuses an unknown command', async () => {
    await expect(migrate('drop-everything')).rejects.toMatchObject({ code: 64 });
  });
});

/**
 * NamedQuery through a real pg Pool on a real PostgreSQL: resolved with its rows (pg-pool hands a
 * submittable its callback), prepared once per connection under its name, and its errors come back
 * as pg's own (SQLSTATE kept, which translateStoreError reads).
 */
import { Pool } from 'pg';
import { NamedQuery, runNamed } from '../src/connections/persistence/named-query';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';

describeWithPostgres('NamedQuery on a real PostgreSQL', () => {
  let pool: Pool;

  beforeEach(() => {
    pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 1, query_timeout: 2000 });
  });
  afterEach(async () => {
    await pool.end();
  });

  it('resolves to its rows and is prepared under its name, once per connection', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    const first = await runNamed<{ next: number }>(pool, new NamedQuery('cs_named_query_e2e', text, [1]));
    const second = await runNamed<{ next: number }>(pool, new NamedQuery('cs_named_query_e2e', text, [41]));
    expect(first.rows).toEqual([{ next: 2 }]);
    expect(second.rows).toEqual([{ next: 42 }]);
    const prepared = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
    expect(prepared.rows.map((row) => row.name)).toEqual(['cs_named_query_e2e']);
  });

  it('rejects with pg\'s error, SQLSTATE included, and the pool goes on', async () => {
    await expect(runNamed(pool, new NamedQuery('cs_named_query_e2e_bad', 'SELECT 1 / $1::int', [0]))).rejects.toMatchObject({
      code: '22012',
    });
    expect((await runNamed<{ one: number }>(pool, new NamedQuery('cs_named_query_e2e_one', 'SELECT 1 AS one', []))).rows).toEqual([{ one: 1 }]);
  });
});

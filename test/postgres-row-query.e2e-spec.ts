/**
 * queryRowByRow on a real PostgreSQL: every row reaches the callback and pg keeps none (the switch
 * it relies on is pg's own, so a pg upgrade that drops it fails here), and it settles like
 * client.query(): the query's error, the session's query_timeout, an error of the callback.
 */
import { Client } from 'pg';
import { queryRowByRow } from '../src/drivers/postgres/postgres-row-query';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';

describeWithPostgres('queryRowByRow on a real PostgreSQL', () => {
  let client: Client;

  beforeEach(async () => {
    client = new Client({ connectionString: TEST_DATABASE_URL, query_timeout: 2000 });
    await client.connect();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await client.end();
  });

  it('hands every row over in array mode and keeps none, with a query_timeout set', async () => {
    // pg resolves a query with its result builder, the one place where pg keeps rows.
    const builder = (await client.query('SELECT 1')) as unknown as {
      constructor: { prototype: { addRow(row: unknown): void } };
    };
    const kept = jest.spyOn(builder.constructor.prototype, 'addRow');
    const rows: unknown[] = [];
    await queryRowByRow<[number, string]>(
      client,
      { text: 'SELECT n, $1::text || n FROM generate_series(1, 3000) AS n', values: ['r'] },
      (row) => rows.push(row),
    );
    expect(rows).toHaveLength(3000);
    expect(rows[2999]).toEqual([3000, 'r3000']);
    expect(kept).not.toHaveBeenCalled();
    // The client goes on as usual, and an ordinary query still keeps its rows.
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('rejects with the query error, and the client stays usable', async () => {
    await expect(
      queryRowByRow(client, { text: 'SELECT 1 / $1::int', values: [0] }, () => undefined),
    ).rejects.toMatchObject({ code: '22012' });
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it("rejects at the session's query_timeout", async () => {
    const impatient = new Client({ connectionString: TEST_DATABASE_URL, query_timeout: 100 });
    await impatient.connect();
    try {
      await expect(
        queryRowByRow(impatient, { text: 'SELECT pg_sleep($1)', values: [2] }, () => undefined),
      ).rejects.toThrow('Query read timeout');
    } finally {
      await impatient.end().catch(() => undefined);
    }
  });

  it('rejects with the error of a callback that throws, after reading the rest off the wire', async () => {
    let calls = 0;
    const failure = new Error('fold failed');
    await expect(
      queryRowByRow(
        client,
        { text: 'SELECT n FROM generate_series(1, 100) AS n', values: [] },
        () => {
          calls++;
          throw failure;
        },
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
    expect((await client.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });
});

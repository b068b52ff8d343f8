/**
 * Schema discovery on a large catalog (2,000 tables × 20 columns on this machine's PostgreSQL):
 *  - GET /schema through the built service (PostgreSQL store), median of 5 sequential calls;
 *  - the floor: the same catalog read by one raw pg query in this bare process (connect, query,
 *    JSON.stringify, disconnect), median of 5, best of two query forms;
 *  - one information_schema.columns query per table, for comparison (median of 3);
 *  - validate-schema with a warm cache: 1,000 sequential calls (p50/p99), then autocannon.
 * Standalone: `npm run build && npx ts-node --transpile-only bench/suites/schema.suite.ts`.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchContext, BenchRow, BenchSuite, RunningServer, formatTable } from '../harness';
import { POSTGRES_CATALOG_SQL } from '../../src/drivers/postgres/postgres-catalog';

const BASE = '/v1/management/connections';
const TABLES = 2000;
const COLUMNS = 20;
const RUNS = 5;

const GENERATE_SQL = `
DO $$
DECLARE cols text;
BEGIN
  SELECT string_agg(format('c%s %s', g, CASE g % 4 WHEN 0 THEN 'integer' WHEN 1 THEN 'text'
         WHEN 2 THEN 'numeric(12,2)' ELSE 'timestamptz' END), ', ') INTO cols FROM generate_series(2, ${COLUMNS}) g;
  FOR i IN 1..${TABLES} LOOP
    EXECUTE format('CREATE TABLE t%s (id bigint PRIMARY KEY, %s)', lpad(i::text, 4, '0'), cols);
  END LOOP;
END $$;`;

/** The whole catalog as one JSON text built by PostgreSQL itself (the other floor form). */
const JSON_FLOOR_SQL = `
SELECT coalesce(json_agg(json_build_object('name', c.relname, 'columns',
  (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
           'nullable', NOT a.attnotnull, 'primaryKey', coalesce(a.attnum = ANY (i.indkey), false)) ORDER BY a.attname)
     FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)) ORDER BY c.relname), '[]')::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE c.relkind IN ('r','p','v','m','f') AND NOT c.relispartition
  AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (value: number) => Math.round(value * 10) / 10;
const SEQUENTIAL_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function timed(runs: number, run: () => Promise<unknown>, warmups = 1): Promise<number[]> {
  for (let index = 0; index < warmups; index++) await run(); // discarded
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

function row(
  scenario: string,
  target: string,
  times: number[],
  extra: Partial<BenchRow> = {},
): BenchRow {
  const p50 = median(times);
  process.stderr.write(
    `  ${scenario} · ${target}: median ${round(p50)} ms over ${times.length} runs\n`,
  );
  return {
    scenario,
    target,
    rps: 1000 / p50,
    p50: round(p50),
    p99: round(Math.max(...times)),
    errors: 0,
    non2xx: 0,
    ...extra,
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function onePerTable(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name`,
    );
    const result = [];
    for (const table of tables.rows) {
      const columns = await client.query(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name`,
        [table.table_schema, table.table_name],
      );
      result.push({ name: table.table_name, columns: columns.rows });
    }
    return JSON.stringify(result);
  });
}

/** 200 warm-up then 1,000 sequential requests from bench/clients/sequential-client.js, in a process of its own. */
function sequentialInChild(url: string, method: string, body?: string): number[] {
  const client = join(__dirname, '..', 'clients', 'sequential-client.js');
  const output = execFileSync(process.execPath, [client, url, method, '200', '1000', ...(body ? [body] : [])], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output) as number[];
}

async function call(service: RunningServer, path: string, init?: RequestInit): Promise<string> {
  const response = await fetch(service.url + path, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

const suite: BenchSuite = {
  name: 'schema',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const catalog = await ctx.createDatabase('cs_bench_catalog');
    const started = performance.now();
    await withClient(catalog.url, (client) => client.query(GENERATE_SQL));
    process.stderr.write(
      `  generated ${TABLES} tables × ${COLUMNS} columns in ${Math.round(performance.now() - started)} ms\n`,
    );
    const store = await ctx.createDatabase('cs_bench_store');
    const service = await ctx.startService({
      DATABASE_URL: store.url,
      CONNECTION_TEST_RATE_LIMIT: '1000000',
    });
    const rows: BenchRow[] = [];
    try {
      const created = JSON.parse(
        await call(service, BASE, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-product-name': 'bench' },
          body: JSON.stringify({
            configName: 'bench_catalog',
            type: 'POSTGRESQL',
            host: '127.0.0.1',
            port: Number(new URL(catalog.url).port || 5432),
            databaseName: catalog.name,
            userName: decodeURIComponent(new URL(catalog.url).username || 'postgres'),
            password: 'unused-trust-auth',
          }),
        }),
      ) as { id: string };

      const scenario = `discover ${TABLES}×${COLUMNS}`;
      let bytes = 0;
      const floorRows = await timed(RUNS, () =>
        withClient(catalog.url, async (client) => {
          const result = await client.query({
            text: POSTGRES_CATALOG_SQL,
            values: [null],
            rowMode: 'array',
          });
          bytes = JSON.stringify(result.rows).length;
        }),
      );
      const floorJson = await timed(RUNS, () =>
        withClient(
          catalog.url,
          async (client) => (await client.query<{ text: string }>(JSON_FLOOR_SQL)).rows.length,
        ),
      );
      const floorIsRows = median(floorRows) <= median(floorJson);
      rows.push(
        row(scenario, 'floor: raw pg, 1 query', floorIsRows ? floorRows : floorJson, {
          baseline: true,
          note: floorIsRows ? 'rows, array mode' : 'json_agg text',
        }),
      );
      rows.push(
        row(scenario, 'raw pg, 1 query, other form', floorIsRows ? floorJson : floorRows, {
          note: floorIsRows ? 'json_agg text' : 'rows, array mode',
        }),
      );
      let responseBytes = 0;
      rows.push(
        row(
          scenario,
          'service GET /schema',
          await timed(RUNS, async () => {
            responseBytes = (await call(service, `${BASE}/${created.id}/schema`)).length;
          }),
        ),
      );
      process.stderr.write(
        `  floor JSON ${bytes} bytes, /schema response ${responseBytes} bytes\n`,
      );
      rows.push(
        row(
          scenario,
          'information_schema, 1 query per table',
          await timed(3, () => onePerTable(catalog.url)),
        ),
      );

      // validate-schema, warm cache (the GET /schema above filled it): 20 tables × 20 fields.
      const mapped: Record<string, string[]> = {};
      for (let table = 1; table <= 20; table++) {
        mapped[`t${String(table * 97).padStart(4, '0')}`] = [
          'id',
          ...Array.from({ length: COLUMNS - 1 }, (_, c) => `c${c + 2}`),
        ];
      }
      const body = JSON.stringify({ mappedFields: { bench_catalog: mapped } });
      // 1,000 sequential calls per round from a client process of its own, GET :id and validate-schema
      // interleaved over ROUNDS rounds; each row reports the median of the rounds' p50 and p99.
      const requests = [
        { target: 'service GET :id', path: `${BASE}/${created.id}`, method: 'GET', note: 'same store lookup, reference', baseline: true },
        { target: 'service validate-schema', path: `${BASE}/validate-schema`, method: 'POST', body, note: '20 tables × 20 fields, cached', baseline: false },
      ];
      const rounds = requests.map(() => [] as number[][]);
      for (let round = 0; round < SEQUENTIAL_ROUNDS; round++) {
        requests.forEach((request, index) => {
          rounds[index].push(sequentialInChild(service.url + request.path, request.method, request.body));
        });
      }
      requests.forEach((request, index) => {
        const times = rounds[index];
        rows.push({
          ...row('1,000 sequential calls, warm', request.target, times.flat(), { baseline: request.baseline }),
          p50: round(median(times.map((one) => median(one)))),
          p99: round(median(times.map((one) => percentile(one, 99)))),
          note: `${request.note}; median of ${SEQUENTIAL_ROUNDS} rounds, p99s ${times.map((one) => round(percentile(one, 99))).join(' / ')} ms`,
        });
      });
      rows.push(
        await ctx.measure(
          {
            scenario: 'validate-schema, warm cache',
            target: 'service, autocannon',
            note: `${ctx.settings.connections} connections`,
          },
          {
            url: service.url,
            method: 'POST',
            path: `${BASE}/validate-schema`,
            headers: { 'content-type': 'application/json' },
            body,
          },
        ),
      );
    } finally {
      await service.stop();
      await catalog.drop();
      await store.drop();
    }
    return rows;
  },
};

export default suite;

if (require.main === module) {
  const ctx = new BenchContext();
  suite
    .run(ctx)
    .then((rows) => process.stdout.write(`\n${formatTable(suite.name, rows)}\n`))
    .finally(() => ctx.dispose())
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    });
}

/**
 * Schema discovery at three catalog sizes (200, 2,000 and 20,000 tables × 20 columns, generated in
 * committed batches by bench/catalogs.ts on this machine's PostgreSQL), then validate-schema:
 *  - per size, the floor and GET /schema through the built service (PostgreSQL store) called in
 *    interleaved rounds (floor then service, service then floor in the next round, after one
 *    discarded round), so a load that changes during the run weighs on both rows alike; each row
 *    reports the median of its calls' wall times and of its CPU per call:
 *    - the floor: the same catalog read by one raw pg query in this bare process (connect, the
 *      service's SQL, rows in array mode, JSON.stringify, disconnect), with this process's CPU;
 *    - the service: the server's CPU per call and its peak RSS growth during a call (VmHWM after
 *      `echo 5 > /proc/<pid>/clear_refs`, minus VmRSS before) next to the size of the JSON it sent
 *      (read off the socket and counted, not decoded: the client's own work stays out of the time);
 *  - beside the floor, the same catalog as one json_agg text built by PostgreSQL (3 calls);
 *  - at 20,000 a `tables=` slice (10 tables), filtered in the catalog query;
 *  - at 200, one information_schema.columns query per table, for comparison (median of 3);
 *  - validate-schema on the 2,000-table catalog with a warm cache: 1,000 sequential calls
 *    (p50/p99), then autocannon.
 * Knobs: BENCH_SCHEMA_SIZES (comma-separated table counts, default 200,2000,20000),
 * BENCH_SCHEMA_RUNS (interleaved rounds per size, default 5 below 20,000 tables and 9 at 20,000),
 * BENCH_SCHEMA_VALIDATE=0 (skip the validate-schema rows).
 * Standalone: `npm run build && npx ts-node --transpile-only bench/suites/schema.suite.ts`.
 */
import { execFileSync } from 'node:child_process';
import { get } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  BenchContext,
  BenchRow,
  BenchSuite,
  RunningServer,
  cpuSecondsOf,
  runIfMain,
  rssBytesOf,
} from '../harness';
import { generateCatalog, generatedColumnName, generatedTableName } from '../catalogs';
import {
  POSTGRES_RELATION_CONDITIONS,
  postgresCatalogValues,
} from '../../src/drivers/postgres/postgres-catalog';

const BASE = '/v1/management/connections';
const SIZES = (process.env.BENCH_SCHEMA_SIZES ?? '200,2000,20000')
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => size > 0);
const COLUMNS = 20;
const RUNS = process.env.BENCH_SCHEMA_RUNS ? Number(process.env.BENCH_SCHEMA_RUNS) : undefined;
/** Interleaved rounds on a catalog: a 20,000-table call moves by ±20% on a shared machine, so more there. */
const roundsFor = (tables: number) => RUNS ?? (tables >= 20000 ? 9 : 5);
/** The catalog validate-schema runs on (the first size of at least 2,000 tables, else the largest). */
const VALIDATE_SIZE = SIZES.find((size) => size >= 2000) ?? Math.max(...SIZES);

/**
 * The floor's read: the whole catalog in one round trip, one row per column, with the same
 * visibility rules as the service's two queries (POSTGRES_RELATIONS_SQL, then
 * POSTGRES_COLUMNS_SQL per batch of relations), the cheapest raw-pg form there is; the service
 * reads in batches to keep its memory bound (docs/benchmarks.md, schema suite).
 */
export const POSTGRES_CATALOG_SQL = `
SELECT n.nspname, c.relname, c.relkind, a.attname,
       format_type(a.atttypid, a.atttypmod), NOT coalesce(a.attnotnull, false),
       coalesce(a.attnum = ANY (i.indkey), false)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
WHERE ${POSTGRES_RELATION_CONDITIONS}
  AND CASE WHEN a.attnum IS NULL OR has_table_privilege(c.oid, 'SELECT') THEN true
           ELSE has_column_privilege(c.oid, a.attnum, 'SELECT') END`;

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

/** The process's peak resident set (VmHWM), bytes. */
function peakRssOf(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resets VmHWM to the current RSS; false when the kernel does not allow it. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

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

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
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
  const output = execFileSync(
    process.execPath,
    [client, url, method, '200', '1000', ...(body ? [body] : [])],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(output) as number[];
}

async function call(service: RunningServer, path: string, init?: RequestInit): Promise<string> {
  const response = await fetch(service.url + path, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

const megabytes = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** One sequential call of the service, with its CPU and its peak RSS growth. */
export interface ServiceCall {
  ms: number;
  cpuMs: number;
  bytes: number;
  rssGrowth?: number;
}

/**
 * GET `url`, the body read off the socket and counted, not kept or decoded (a 30 MB body decoded by
 * the client would add the client's work to the service's time); rejects on a status other than 200.
 */
function download(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let bytes = 0;
      const failed = response.statusCode !== 200;
      const head: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (failed && head.length < 4) head.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        if (!failed) return resolve(bytes);
        const text = Buffer.concat(head).toString('utf8').slice(0, 300);
        reject(new Error(`${url} answered ${response.statusCode}: ${text}`));
      });
    }).on('error', reject);
  });
}

export async function serviceCall(service: RunningServer, path: string): Promise<ServiceCall> {
  const rssBefore = rssBytesOf(service.pid);
  const peakResettable = resetPeakRss(service.pid);
  const cpuBefore = cpuSecondsOf(service.pid) ?? 0;
  const started = performance.now();
  const bytes = await download(service.url + path);
  const ms = performance.now() - started;
  const cpuMs = ((cpuSecondsOf(service.pid) ?? 0) - cpuBefore) * 1000;
  const peak = peakResettable ? peakRssOf(service.pid) : undefined;
  return {
    ms,
    cpuMs,
    bytes,
    rssGrowth: peak !== undefined && rssBefore !== undefined ? peak - rssBefore : undefined,
  };
}

/** One read of the floor: the whole catalog in one raw pg query, rows in array mode, JSON.stringify; CPU of this process. */
export async function floorCall(url: string): Promise<ServiceCall> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const text = await withClient(url, async (client) => {
    const result = await client.query({
      text: POSTGRES_CATALOG_SQL,
      values: postgresCatalogValues({}, 'public'),
      rowMode: 'array',
    });
    return JSON.stringify(result.rows);
  });
  const used = process.cpuUsage(cpu);
  return {
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    bytes: text.length,
  };
}

/** A connection to a catalog database, through the service API; returns its id. */
export async function createCatalogConnection(
  service: RunningServer,
  configName: string,
  url: string,
): Promise<string> {
  const parsed = new URL(url);
  const created = JSON.parse(
    await call(service, BASE, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-product-name': 'bench' },
      body: JSON.stringify({
        configName,
        type: 'POSTGRESQL',
        host: '127.0.0.1',
        port: Number(parsed.port || 5432),
        databaseName: parsed.pathname.slice(1),
        userName: decodeURIComponent(parsed.username || 'postgres'),
        password: 'unused-trust-auth',
      }),
    }),
  ) as { id: string };
  return created.id;
}

/** The floor and the service on one generated catalog. */
async function discoveryRows(
  service: RunningServer,
  id: string,
  url: string,
  tables: number,
): Promise<BenchRow[]> {
  const runs = roundsFor(tables);
  const scenario = `discover ${tables}×${COLUMNS}`;
  const rows: BenchRow[] = [];
  const path = `${BASE}/${id}/schema`;
  // The floor and the service side by side: one discarded round, then `runs` rounds, the order
  // swapped from one round to the next.
  const floorCalls: ServiceCall[] = [];
  const calls: ServiceCall[] = [];
  for (let round = -1; round < runs; round++) {
    const pair = [() => floorCall(url), () => serviceCall(service, path)] as const;
    const [first, second] = round % 2 === 0 ? [0, 1] : [1, 0];
    const results: ServiceCall[] = [];
    results[first] = await pair[first]();
    results[second] = await pair[second]();
    if (round < 0) continue;
    floorCalls.push(results[0]);
    calls.push(results[1]);
  }
  const interleavedNote = `median of ${runs} interleaved calls`;
  rows.push(
    row(
      scenario,
      'floor: raw pg, 1 query',
      floorCalls.map((one) => one.ms),
      {
        baseline: true,
        note: `rows, array mode, JSON.stringify; ${interleavedNote}`,
        cpuUsPerRequest: median(floorCalls.map((one) => one.cpuMs)) * 1000,
      },
    ),
  );
  const floorJson = await timed(Math.min(runs, 3), () =>
    withClient(
      url,
      async (client) => (await client.query<{ text: string }>(JSON_FLOOR_SQL)).rows.length,
    ),
  );
  // The baseline is the form the service uses (the same SQL, rows in array mode); PostgreSQL
  // building the JSON itself is shown beside it.
  rows.push(row(scenario, 'raw pg, 1 query, other form', floorJson, { note: 'json_agg text' }));
  const bytes = calls[0].bytes;
  const growths = calls
    .map((one) => one.rssGrowth)
    .filter((one): one is number => one !== undefined);
  const growth = growths.length > 0 ? Math.max(...growths) : undefined;
  const floorMs = median(floorCalls.map((one) => one.ms));
  const floorCpu = median(floorCalls.map((one) => one.cpuMs));
  const serviceMs = median(calls.map((one) => one.ms));
  const serviceCpu = median(calls.map((one) => one.cpuMs));
  rows.push(
    row(
      scenario,
      'service GET /schema',
      calls.map((one) => one.ms),
      {
        cpuUsPerRequest: serviceCpu * 1000,
        peakRssBytes: growth,
        note:
          `${interleavedNote}; wall ${(serviceMs / floorMs).toFixed(2)}×, CPU ${(serviceCpu / floorCpu).toFixed(2)}× the floor's; JSON ${megabytes(bytes)} MB` +
          (growth === undefined
            ? ''
            : `, peak RSS growth ${megabytes(growth)} MB = ${(growth / bytes).toFixed(2)}× the JSON (max of ${growths.length} calls)`),
      },
    ),
  );
  if (tables >= 20000) {
    const slice = `${path}?tables=${generatedTableName(1).slice(0, -1)}*`;
    const sliced: ServiceCall[] = [];
    await serviceCall(service, slice);
    for (let index = 0; index < 5; index++) sliced.push(await serviceCall(service, slice));
    rows.push(
      row(
        scenario,
        `service GET /schema?tables=${generatedTableName(1).slice(0, -1)}*`,
        sliced.map((one) => one.ms),
        {
          cpuUsPerRequest: median(sliced.map((one) => one.cpuMs)) * 1000,
          note: `a slice of 10 tables, filtered in the catalog query; JSON ${sliced[0].bytes} bytes`,
        },
      ),
    );
  }
  if (tables <= 200) {
    rows.push(
      row(
        scenario,
        'information_schema, 1 query per table',
        await timed(3, () => onePerTable(url)),
      ),
    );
  }
  return rows;
}

const suite: BenchSuite = {
  name: 'schema',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const store = await ctx.createDatabase('cs_bench_store');
    const service = await ctx.startService({
      DATABASE_URL: store.url,
      CONNECTION_TEST_RATE_LIMIT: '1000000',
    });
    const rows: BenchRow[] = [];
    let validateId: string | undefined;
    try {
      for (const tables of SIZES) {
        const catalog = await ctx.createDatabase('cs_bench_catalog');
        const took = await generateCatalog(catalog.url, { tables, columns: COLUMNS });
        process.stderr.write(
          `  generated ${tables} tables × ${COLUMNS} columns in ${Math.round(took)} ms\n`,
        );
        const id = await createCatalogConnection(service, `bench_catalog_${tables}`, catalog.url);
        rows.push(...(await discoveryRows(service, id, catalog.url, tables)));
        if (tables === VALIDATE_SIZE && process.env.BENCH_SCHEMA_VALIDATE !== '0') {
          validateId = id;
          rows.push(...(await validateRows(ctx, service, id, tables)));
        }
        await catalog.drop();
      }
    } finally {
      await service.stop();
      await store.drop();
    }
    if (validateId === undefined) process.stderr.write('  (no catalog for validate-schema)\n');
    return rows;
  },
};

/**
 * validate-schema with a warm cache (the GET /schema calls above filled it): 20 tables × 20 fields,
 * against GET :id of the same connection as the reference.
 */
async function validateRows(
  ctx: BenchContext,
  service: RunningServer,
  id: string,
  tables: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const mapped: Record<string, string[]> = {};
  for (let table = 1; table <= 20; table++) {
    mapped[generatedTableName(Math.min(tables, table * 97))] = Array.from(
      { length: COLUMNS },
      (_, c) => generatedColumnName(c + 1),
    );
  }
  const body = JSON.stringify({ mappedFields: { [`bench_catalog_${tables}`]: mapped } });
  // 1,000 sequential calls per round from a client process of its own, GET :id and validate-schema
  // interleaved over ROUNDS rounds; each row reports the median of the rounds' p50 and p99.
  const requests = [
    {
      target: 'service GET :id',
      path: `${BASE}/${id}`,
      method: 'GET',
      note: 'same store lookup, reference',
      baseline: true,
    },
    {
      target: 'service validate-schema',
      path: `${BASE}/validate-schema`,
      method: 'POST',
      body,
      note: '20 tables × 20 fields, cached',
      baseline: false,
    },
  ];
  const rounds = requests.map(() => [] as number[][]);
  for (let round = 0; round < SEQUENTIAL_ROUNDS; round++) {
    requests.forEach((request, index) => {
      rounds[index].push(
        sequentialInChild(service.url + request.path, request.method, request.body),
      );
    });
  }
  requests.forEach((request, index) => {
    const times = rounds[index];
    rows.push({
      ...row('1,000 sequential calls, warm', request.target, times.flat(), {
        baseline: request.baseline,
      }),
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
  return rows;
}

export default suite;

runIfMain(suite, module);

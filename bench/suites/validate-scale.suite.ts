/**
 * validate-schema at catalog scale (issue 16, point 2): does a warm-cache validation cost the same on
 * a 200-table and a 20,000-table catalog?
 *  - two generated PostgreSQL catalogs (bench/catalogs.ts), 200 and 20,000 tables × 20 columns;
 *  - 10 saved connections (data sources) per catalog, each cache warmed by one live discovery;
 *  - the same request on both: 10 data sources × 20 tables × 50 fields, tables `t00001…t00200` (which
 *    both catalogs have), some as `public.t…`, 3 missing tables per data source (a case variant, a near
 *    miss, an unrelated name: suggestions asked of the whole catalog) and a few missing fields (fixed
 *    seed), so it answers 422 with the same errors on both;
 *  - sequential calls (bench/sequential.ts) per catalog size, the sizes interleaved over BENCH_ROUNDS
 *    rounds, on the in-memory cache and on the Redis cache (BENCH_REDIS_URL, default the local Redis,
 *    database 12); the rows report the median of the rounds' p50 and p99 and the server's CPU per call.
 * Knobs: BENCH_VALIDATE_SIZES (default `200,20000`; the first is the baseline), BENCH_VALIDATE_CALLS
 * (1000 per round, after 200 discarded), BENCH_VALIDATE_WARMUP (1000 discarded calls per catalog size
 * on each started service before its first round: steady state), BENCH_ROUNDS (3), BENCH_VALIDATE_CACHES (`memory,redis`),
 * BENCH_SCHEMA_CACHE_MAX_NAMES (the service's SCHEMA_CACHE_MAX_NAMES, 5000000 here), and
 * BENCH_VALIDATE_BEFORE_DIR: another build (e.g. of main, `git archive main | tar -x -C /tmp/base`,
 * then `nest build` there) measured too on the same catalogs, with BENCH_VALIDATE_BEFORE_CALLS calls
 * per round (30: a build that parses every catalog per call is slow), on BENCH_VALIDATE_BEFORE_CACHES
 * (`redis`).
 * Standalone: `npm run build && npx ts-node --transpile-only bench/suites/validate-scale.suite.ts`.
 */
import { Agent, request } from 'node:http';
import Redis from 'ioredis';
import { generateCatalog, generatedColumnName, generatedTableName } from '../catalogs';
import {
  BenchContext,
  BenchRow,
  BenchSuite,
  RunningServer,
  ThrowawayDatabase,
  cpuSecondsOf,
  runIfMain,
  rssBytesOf,
} from '../harness';
import { sequential } from '../sequential';

const BASE = '/v1/management/connections';
const COLUMNS = 20;
const DATA_SOURCES = 10;
const TABLES_PER_SOURCE = 20;
const FIELDS_PER_TABLE = 50;
/** Existing tables are drawn from the first 200, which every catalog size has. */
const SHARED_TABLES = 200;

const list = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(',').map((item) => item.trim()).filter(Boolean);
const SIZES = list('BENCH_VALIDATE_SIZES', '200,20000').map(Number);
const CACHES = list('BENCH_VALIDATE_CACHES', 'memory,redis');
const CALLS = Number(process.env.BENCH_VALIDATE_CALLS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';
const MAX_NAMES = process.env.BENCH_SCHEMA_CACHE_MAX_NAMES ?? '5000000';
/** Discarded calls per catalog size on each started service before its rounds (steady state). */
const STEADY_WARMUP = Math.max(0, Number(process.env.BENCH_VALIDATE_WARMUP ?? 1000) || 0);
const BEFORE_DIR = process.env.BENCH_VALIDATE_BEFORE_DIR;
const BEFORE_CALLS = Number(process.env.BENCH_VALIDATE_BEFORE_CALLS ?? 30);
/** The before build on the in-memory cache evicts 20,000-table catalogs (2 M names) and rediscovers. */
const BEFORE_CACHES = list('BENCH_VALIDATE_BEFORE_CACHES', 'redis');

/** One build to measure: this one (dist/ or BENCH_SERVICE_DIR), or the "before" one. */
interface Build {
  label: string;
  serviceDir?: string;
  calls: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A small deterministic generator (mulberry32), so every run sends the same request. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mappedFields for the data sources `names`: the same tables and fields whatever the catalog size. */
export function mappedFields(names: string[]): Record<string, Record<string, string[]>> {
  const next = random(16);
  const pick = (count: number) => 1 + Math.floor(next() * count);
  const mapped: Record<string, Record<string, string[]>> = {};
  names.forEach((name, source) => {
    const tables: Record<string, string[]> = {};
    while (Object.keys(tables).length < TABLES_PER_SOURCE - 3) {
      const table = generatedTableName(pick(SHARED_TABLES));
      const asked = next() < 0.25 ? `public.${table}` : table;
      const fields = Array.from({ length: FIELDS_PER_TABLE }, () => generatedColumnName(pick(COLUMNS)));
      if (next() < 0.2) fields[pick(FIELDS_PER_TABLE) - 1] = `c${pick(COLUMNS)}x`; // near miss
      if (next() < 0.1) fields[pick(FIELDS_PER_TABLE) - 1] = 'amount_total'; // nothing close
      tables[asked] = fields;
    }
    const near = generatedTableName(pick(SHARED_TABLES));
    tables[near.toUpperCase()] = ['id']; // a case variant: suggested as is
    tables[`${near.slice(0, -1)}x`] = ['id']; // one edit away from ten tables
    tables[`sales_orders_${2010 + source}`] = ['id']; // nothing close
    mapped[name] = tables;
  });
  return mapped;
}

export interface Catalog {
  tables: number;
  database: ThrowawayDatabase;
  /** configNames of its connections. */
  names: string[];
}

/** One JSON call through the harness's own keep-alive agent: status and body. */
export function call(
  agent: Agent,
  service: RunningServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(
      service.url + path,
      {
        method,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'x-product-name': 'bench' } : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

export async function createConnections(agent: Agent, service: RunningServer, catalog: Catalog): Promise<void> {
  const url = new URL(catalog.database.url);
  for (const configName of catalog.names) {
    const created = await call(agent, service, 'POST', BASE, {
      configName,
      type: 'POSTGRESQL',
      host: '127.0.0.1',
      port: Number(url.port || 5432),
      databaseName: catalog.database.name,
      userName: decodeURIComponent(url.username || 'postgres'),
      password: 'unused-trust-auth',
    });
    if (created.status !== 201 && created.status !== 409)
      throw new Error(`create ${configName}: ${created.status} ${created.text.slice(0, 300)}`);
  }
}

/** One live discovery per connection (a validation of that data source alone), one at a time. */
export async function warm(agent: Agent, service: RunningServer, catalog: Catalog): Promise<number> {
  const started = performance.now();
  for (const name of catalog.names) {
    const answer = await call(agent, service, 'POST', `${BASE}/validate-schema`, {
      mappedFields: { [name]: { [generatedTableName(1)]: ['id'] } },
    });
    if (answer.status !== 200) throw new Error(`warm ${name}: ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return performance.now() - started;
}

/** The errors of a 422 answer, with the data source names made size-neutral (to compare sizes). */
const neutralErrors = (text: string, catalog: Catalog) =>
  catalog.names.reduce((all, name, index) => all.split(`"${name}"`).join(`"source${index}"`), text);

async function measureCache(
  ctx: BenchContext,
  cache: string,
  build: Build,
  store: ThrowawayDatabase,
  catalogs: Catalog[],
  rows: BenchRow[],
): Promise<void> {
  const calls = build.calls;
  const warmups = Math.min(200, Math.ceil(calls / 5));
  const env: Record<string, string> = {
    DATABASE_URL: store.url,
    CONNECTION_TEST_RATE_LIMIT: '1000000',
    SCHEMA_CACHE_TTL_SECONDS: '3600',
    SCHEMA_DISCOVERY_TIMEOUT_MS: '120000',
    // 10 × 20,000 tables × 21 names = 4.2 M names: above the default 2 M, they would evict each other.
    SCHEMA_CACHE_MAX_NAMES: MAX_NAMES,
    ...(cache === 'redis' ? { REDIS_URL } : {}),
  };
  const service = await ctx.startService(env, { serviceDir: build.serviceDir });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const scenario = `${cache} cache, warm`;
  const label = build.label ? `, ${build.label}` : '';
  try {
    const bodies = new Map<Catalog, unknown>();
    let reference: string | undefined;
    for (const catalog of catalogs) {
      await createConnections(agent, service, catalog);
      const took = await warm(agent, service, catalog);
      process.stderr.write(`  ${cache}: warmed ${catalog.names.length} × ${catalog.tables} tables in ${Math.round(took)} ms\n`);
      const body = { mappedFields: mappedFields(catalog.names) };
      bodies.set(catalog, body);
      const answer = await call(agent, service, 'POST', `${BASE}/validate-schema`, body);
      if (answer.status !== 422) throw new Error(`validate ${catalog.tables}: ${answer.status} ${answer.text.slice(0, 300)}`);
      const errors = neutralErrors(answer.text, catalog);
      const count = (JSON.parse(answer.text) as { errors: unknown[] }).errors.length;
      process.stderr.write(`  ${cache}: ${catalog.tables} tables → 422 with ${count} errors (${answer.text.length} bytes)\n`);
      if (reference === undefined) reference = errors;
      else if (reference !== errors) process.stderr.write(`  note: the errors differ between catalog sizes\n`);
    }
    // Steady state first, for every build and cache alike: the service's code reaches V8's optimized
    // tiers only after some thousands of calls (bench/profile/warm-curve.ts), and a service in
    // production has been serving for a while.
    for (const catalog of catalogs) {
      const body = bodies.get(catalog);
      for (let index = 0; index < STEADY_WARMUP; index++) await call(agent, service, 'POST', `${BASE}/validate-schema`, body);
    }
    const runs = new Map<Catalog, { p50: number[]; p99: number[]; cpu: number[]; rps: number[]; errors: number }>(
      catalogs.map((catalog) => [catalog, { p50: [], p99: [], cpu: [], rps: [], errors: 0 }]),
    );
    for (let index = 0; index < ROUNDS; index++) {
      // Alternate the order, so neither size always runs right after the other.
      const order = index % 2 === 0 ? catalogs : [...catalogs].reverse();
      for (const catalog of order) {
        const body = bodies.get(catalog);
        const cpuBefore = cpuSecondsOf(service.pid);
        const row = await sequential(
          { scenario, count: calls, warmup: warmups },
          { target: `${catalog.tables} tables${label}, round ${index + 1}` },
          async () => (await call(agent, service, 'POST', `${BASE}/validate-schema`, body)).status === 422,
        );
        const cpuAfter = cpuSecondsOf(service.pid);
        const run = runs.get(catalog)!;
        run.p50.push(row.p50);
        run.p99.push(row.p99);
        run.rps.push(row.rps);
        run.errors += row.errors;
        // The warm-up calls are inside the CPU window too.
        if (cpuBefore !== undefined && cpuAfter !== undefined)
          run.cpu.push(((cpuAfter - cpuBefore) * 1e6) / (calls + warmups));
      }
    }
    const [first] = catalogs;
    const baseP50 = median(runs.get(first)!.p50);
    for (const catalog of catalogs) {
      const run = runs.get(catalog)!;
      const p50 = median(run.p50);
      rows.push({
        scenario,
        target: `${catalog.tables.toLocaleString('en-US')} tables${label}`,
        baseline: catalog === first && !build.label,
        rps: median(run.rps),
        p50,
        p99: median(run.p99),
        errors: run.errors,
        non2xx: 0,
        cpuUsPerRequest: run.cpu.length > 0 ? median(run.cpu) : undefined,
        rssBytes: rssBytesOf(service.pid),
        note:
          `${DATA_SOURCES}×${TABLES_PER_SOURCE}×${FIELDS_PER_TABLE}, 422; median of ${ROUNDS} rounds of ${calls}, ` +
          `p50s ${run.p50.join(' / ')}, p99s ${run.p99.join(' / ')} ms` +
          (catalog === first ? '' : `; p50 ÷ ${first.tables} tables ${(p50 / baseP50).toFixed(2)}×`),
      });
    }
  } finally {
    agent.destroy();
    await service.stop();
  }
}

/** Drops the schema keys this run wrote into the bench Redis database (only its connections' keys). */
async function cleanRedis(store: ThrowawayDatabase): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: store.url });
  await client.connect();
  let ids: string[];
  try {
    ids = (await client.query<{ id: string }>('SELECT id FROM connections')).rows.map((row) => row.id);
  } catch {
    ids = [];
  } finally {
    await client.end();
  }
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const id of ids) {
      const keys = await redis.keys(`cs:schema:*:${id}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

const suite: BenchSuite = {
  name: 'validate-scale',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const catalogs: Catalog[] = [];
    const store = await ctx.createDatabase('cs_bench_store');
    const rows: BenchRow[] = [];
    try {
      for (const tables of SIZES) {
        const database = await ctx.createDatabase(`cs_bench_catalog${tables}`);
        const took = await generateCatalog(database.url, { tables, columns: COLUMNS });
        process.stderr.write(`  generated ${tables} tables × ${COLUMNS} columns in ${Math.round(took)} ms\n`);
        catalogs.push({
          tables,
          database,
          names: Array.from({ length: DATA_SOURCES }, (_, index) => `scale_${tables}_${index}`),
        });
      }
      const before: Build | undefined = BEFORE_DIR
        ? { label: 'before', serviceDir: BEFORE_DIR, calls: BEFORE_CALLS }
        : undefined;
      for (const cache of CACHES) {
        await measureCache(ctx, cache, { label: '', calls: CALLS }, store, catalogs, rows);
        if (before && BEFORE_CACHES.includes(cache))
          await measureCache(ctx, cache, before, store, catalogs, rows);
      }
    } finally {
      if (CACHES.includes('redis')) await cleanRedis(store).catch(() => undefined);
      for (const catalog of catalogs) await catalog.database.drop();
      await store.drop();
    }
    return rows;
  },
};

export default suite;

runIfMain(suite, module);

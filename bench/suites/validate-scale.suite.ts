/**
 * validate-schema at catalog scale (issue 16, point 2): does a warm-cache validation cost the same on
 * a 200-table and a 20,000-table catalog?
 *  - two generated PostgreSQL catalogs (bench/catalogs.ts), 200 and 20,000 tables × 20 columns;
 *  - 10 saved connections (data sources) per catalog, each cache warmed by one live discovery;
 *  - the same request on both: 10 data sources × 20 tables × 50 fields, tables `t00001…t00200` (which
 *    both catalogs have), some as `public.t…`, 3 missing tables per data source (a case variant, a near
 *    miss, an unrelated name: suggestions asked of the whole catalog) and a few missing fields (fixed
 *    seed), so it answers 422 with the same errors on both;
 *  - sequential calls from a client process per target (bench/clients/sequential-client.js via
 *    ChildClient: one keep-alive connection, the body serialised once), on the in-memory cache and on
 *    the Redis cache (BENCH_REDIS_URL, default the local Redis, database 12); with the in-memory cache
 *    the floor (bench/floors/validate-floor.ts: node:http + pg, the request's own work, no framework)
 *    on the same store and catalogs is a target too. In each of BENCH_ROUNDS rounds the targets take
 *    turns in blocks of BENCH_VALIDATE_BLOCK calls; the rows report the median of the rounds' p50 and
 *    p99 and the server's CPU per call, and the service's rows their ratios to the floor.
 * Knobs: BENCH_VALIDATE_SIZES (default `200,20000`; the first is the baseline), BENCH_VALIDATE_CALLS
 * (1000 per round, after 200 discarded), BENCH_VALIDATE_BLOCK (100), BENCH_VALIDATE_WARMUP (1000 discarded calls per catalog size
 * on each started service before its first round: steady state), BENCH_ROUNDS (3), BENCH_VALIDATE_CACHES (`memory,redis`),
 * BENCH_SCHEMA_CACHE_MAX_NAMES (the service's SCHEMA_CACHE_MAX_NAMES, 5000000 here), and
 * BENCH_VALIDATE_BEFORE_DIR: another build (e.g. of main, `git archive main | tar -x -C /tmp/base`,
 * then `nest build` there) measured too on the same catalogs, with BENCH_VALIDATE_BEFORE_CALLS calls
 * per round (30: a build that parses every catalog per call is slow), on BENCH_VALIDATE_BEFORE_CACHES
 * (`redis`).
 * Standalone: `npm run build && npx ts-node --transpile-only bench/suites/validate-scale.suite.ts`.
 */
import { execFileSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { generateCatalog, generatedColumnName, generatedTableName } from '../catalogs';
import { startNodeFlags } from '../start-flags';
import { ChildClient, percentile } from '../sequential';
import { median } from './crud.suite';
import {
  BenchContext,
  BenchRow,
  BenchSuite,
  ROOT,
  RunningServer,
  ThrowawayDatabase,
  cpuSecondsOf,
  runIfMain,
  rssBytesOf,
} from '../harness';

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
/** Calls per turn when the targets take turns within a round. */
const BLOCK = Math.max(1, Number(process.env.BENCH_VALIDATE_BLOCK ?? 100) || 100);
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

/** Runs bench/clients/sequential-client.js with the validate-schema request; its JSON output. */
function inChild(server: RunningServer, body: unknown, warmups: number, count: number, flags: string[]): unknown {
  const client = join(__dirname, '..', 'clients', 'sequential-client.js');
  const url = `${server.url}${BASE}/validate-schema`;
  const output = execFileSync(
    process.execPath,
    [client, url, 'POST', String(warmups), String(count), '-', '--expect=422', '--header=x-product-name:bench', ...flags],
    { input: JSON.stringify(body), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(output);
}

/**
 * `warmups` discarded then `count` timed validate-schema calls of `body` to `server`, one after
 * another, from bench/clients/sequential-client.js in a process of its own with the body
 * serialised once (the harness's own work and garbage collection stay out of the timed calls).
 */
export const timesInChild = (server: RunningServer, body: unknown, warmups: number, count: number) =>
  inChild(server, body, warmups, count, []) as number[];

/** The same calls, each as its [start, end] in epoch ms. */
export const spansInChild = (server: RunningServer, body: unknown, warmups: number, count: number) =>
  inChild(server, body, warmups, count, ['--spans']) as [number, number][];

/** The validate floor on the suite's store, its catalogs loaded by one call per catalog. */
export async function startFloor(
  ctx: BenchContext,
  store: ThrowawayDatabase,
  catalogs: Catalog[],
  bodies: Map<Catalog, unknown>,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  // With the service's own node flags (its `npm start`): the two differ in code, not in V8 settings.
  const floor = await ctx.startFloor(
    'bench/floors/validate-floor.ts',
    { DATABASE_URL: store.url },
    { nodeArgs: [...startNodeFlags(ROOT), ...nodeArgs] },
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const catalog of catalogs) {
      const answer = await call(agent, floor, 'POST', `${BASE}/validate-schema`, bodies.get(catalog));
      const count = answer.status === 422 ? (JSON.parse(answer.text) as { errors: unknown[] }).errors.length : -1;
      process.stderr.write(`  floor: ${catalog.tables} tables → ${answer.status} with ${count} errors (${answer.text.length} bytes)\n`);
      if (answer.status !== 422) throw new Error(`floor ${catalog.tables}: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
  } finally {
    agent.destroy();
  }
  return floor;
}

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
    // A floor on the same store and catalogs (memory cache, this build only): node:http + pg doing the
    // request's own work (bench/floors/validate-floor.ts), what this machine allows for this call.
    const floor = cache === 'memory' && !build.label ? await startFloor(ctx, store, catalogs, bodies) : undefined;
    const bodyFiles = new Map(
      catalogs.map((catalog) => {
        const file = join(tmpdir(), `validate-scale-${process.pid}-${catalog.tables}.json`);
        writeFileSync(file, JSON.stringify(bodies.get(catalog)));
        return [catalog, file];
      }),
    );
    const targets = catalogs.flatMap((catalog) =>
      [
        { name: 'service', server: service },
        ...(floor ? [{ name: 'floor', server: floor }] : []),
      ].map(({ name, server }) => ({
        name,
        server,
        catalog,
        client: new ChildClient(`${server.url}${BASE}/validate-schema`, 'POST', [
          `@${bodyFiles.get(catalog)}`,
          '--expect=422',
          '--header=x-product-name:bench',
        ]),
      })),
    );
    const runs = new Map(targets.map((target) => [target, { p50: [] as number[], p99: [] as number[], cpu: [] as number[], rps: [] as number[] }]));
    try {
      // Steady state first, for every target alike: the service's code reaches V8's optimized tiers
      // only after some thousands of calls (bench/profile/warm-curve.ts), and a service in production
      // has been serving for a while.
      for (const target of targets) {
        if (STEADY_WARMUP > 0) await target.client.times(STEADY_WARMUP);
      }
      for (let index = 0; index < ROUNDS; index++) {
        const round = new Map(targets.map((target) => [target, { times: [] as number[], cpu: 0 }]));
        for (const target of targets) await target.client.times(warmups);
        // The targets take turns in blocks of BLOCK calls, the order rotating from block to block: a
        // slow spell of the machine (seconds long here) weighs on every target alike.
        for (let block = 0; block * BLOCK < calls; block++) {
          for (let k = 0; k < targets.length; k++) {
            const target = targets[(block + index + k) % targets.length];
            const sample = round.get(target)!;
            const cpuBefore = cpuSecondsOf(target.server.pid);
            sample.times.push(...(await target.client.times(Math.min(BLOCK, calls - block * BLOCK))));
            const cpuAfter = cpuSecondsOf(target.server.pid);
            if (cpuBefore !== undefined && cpuAfter !== undefined) sample.cpu += cpuAfter - cpuBefore;
          }
        }
        for (const [target, { times, cpu }] of round) {
          const run = runs.get(target)!;
          times.sort((a, b) => a - b);
          const [p50, p99] = [percentile(times, 50), percentile(times, 99)];
          run.p50.push(p50);
          run.p99.push(p99);
          run.rps.push(times.length / (times.reduce((sum, ms) => sum + ms, 0) / 1000));
          run.cpu.push((cpu * 1e6) / times.length);
          process.stderr.write(
            `  ${scenario} · ${target.name}, ${target.catalog.tables} tables${label}, round ${index + 1}: p50 ${p50} ms, p99 ${p99} ms\n`,
          );
        }
      }
    } finally {
      await Promise.all(targets.map((target) => target.client.close()));
      for (const file of bodyFiles.values()) rmSync(file, { force: true });
    }
    const [first] = catalogs;
    const serviceRun = (catalog: Catalog) => runs.get(targets.find((t) => t.name === 'service' && t.catalog === catalog)!)!;
    const floorRun = (catalog: Catalog) => {
      const target = targets.find((t) => t.name === 'floor' && t.catalog === catalog);
      return target && runs.get(target);
    };
    const baseP50 = median(serviceRun(first).p50);
    for (const target of targets) {
      const run = runs.get(target)!;
      const { catalog } = target;
      const p50 = median(run.p50);
      const p99 = median(run.p99);
      const ofFloor = target.name === 'service' ? floorRun(catalog) : undefined;
      const notes = [
        `${DATA_SOURCES}×${TABLES_PER_SOURCE}×${FIELDS_PER_TABLE}, 422; median of ${ROUNDS} rounds of ${calls}`,
        `p50s ${run.p50.join(' / ')}, p99s ${run.p99.join(' / ')} ms`,
        ...(target.name === 'service' && catalog !== first ? [`p50 ÷ ${first.tables} tables ${(p50 / baseP50).toFixed(2)}×`] : []),
        ...(ofFloor
          ? [`÷ floor: p50 ${(p50 / median(ofFloor.p50)).toFixed(2)}×, p99 ${(p99 / median(ofFloor.p99)).toFixed(2)}×`]
          : []),
      ];
      rows.push({
        scenario,
        target:
          target.name === 'floor'
            ? `floor (node:http + pg, no framework), ${catalog.tables.toLocaleString('en-US')} tables`
            : `${catalog.tables.toLocaleString('en-US')} tables${label}`,
        baseline: target.name === 'service' && catalog === first && !build.label,
        rps: median(run.rps),
        p50,
        p99,
        errors: 0,
        non2xx: 0,
        cpuUsPerRequest: run.cpu.length > 0 ? median(run.cpu) : undefined,
        rssBytes: rssBytesOf(target.server.pid),
        note: notes.join('; '),
      });
    }
    await floor?.stop();
  } finally {
    agent.destroy();
    await service.stop();
  }
}

/** A PostgreSQL CHECKPOINT (the bench connects as a superuser). */
async function checkpoint(store: ThrowawayDatabase): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: store.url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
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
      // Generating 20,000 tables (and whatever suite ran before) leaves PostgreSQL with dirty buffers
      // to write back: a checkpoint now, so that background writing does not land in the rounds.
      await checkpoint(store);
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

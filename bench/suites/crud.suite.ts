/**
 * create / get / list on PostgreSQL: the service (LOG_LEVEL=info as in production, and =warn to show
 * what request logging costs) against the framework floor (minimal Nest + express, same SQL) and the
 * floor (node:http + pg, same SQL). One server runs at a time, each in a child process; get and list
 * run for every target before any create, so every list counts the same ~1,000 rows. Create rows
 * also give the CPU of each target's PostgreSQL backends per request.
 */
import { randomBytes } from 'node:crypto';
import { AutocannonRequest } from 'autocannon';
import { BenchContext, BenchRow, BenchSuite, RunningServer, SETTINGS, StoreBackends, selected, withApplicationName } from '../harness';

export const BASE = '/v1/management/connections';
const SEED_ROWS = 1000;
export const PRODUCT = 'bench-product';
const ENGINES = [
  { type: 'POSTGRESQL', port: 5432 },
  { type: 'MYSQL', port: 3306 },
  { type: 'SQL_SERVER', port: 1433 },
  { type: 'ORACLE', port: 1521 },
  { type: 'MONGODB', port: 27017 },
] as const;

/** A realistic create body: varied engines, hosts, optional schema, ssl and metadata. */
export function connectionBody(configName: string, n: number): Record<string, unknown> {
  const engine = ENGINES[n % ENGINES.length];
  const body: Record<string, unknown> = {
    configName,
    type: engine.type,
    host: `db-${n % 97}.eu-west-1.internal.example.com`,
    port: engine.port,
    databaseName: engine.type === 'ORACLE' ? 'ORCLPDB1' : `reporting_${n % 13}`,
    userName: `report_reader_${n % 7}`,
    password: randomBytes(18).toString('base64url'),
  };
  if (engine.type === 'POSTGRESQL' || engine.type === 'SQL_SERVER') body.schema = n % 2 === 0 ? 'public' : 'sales';
  if (n % 3 === 0 && engine.type !== 'MONGODB') body.ssl = { mode: 'require' };
  if (n % 2 === 0) body.metadata = { environment: n % 4 === 0 ? 'production' : 'staging', team: `team-${n % 5}` };
  return body;
}

export async function seed(service: RunningServer): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < SEED_ROWS) {
      const n = next++;
      const post = () =>
        fetch(`${service.url}${BASE}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-product-name': PRODUCT },
          body: JSON.stringify(connectionBody(`seed-${String(n).padStart(4, '0')}`, n)),
        });
      let response = await post();
      // A loaded machine can make the store miss its 1.5 s timeout (503 FET-0003): try that row again.
      for (let attempt = 1; response.status === 503 && attempt <= 5; attempt++) {
        await new Promise((done) => setTimeout(done, 200 * attempt));
        response = await post();
      }
      if (response.status !== 201) throw new Error(`seeding answered ${response.status}: ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

interface Target {
  target: string;
  baseline?: boolean;
  /** Its PostgreSQL backends (its pool's `application_name`), for their CPU per request. */
  store?: StoreBackends;
  start(): Promise<RunningServer>;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** A throwaway store seeded with the suite's 1,000 connections by a service started for that only. */
export async function seededStore(ctx: BenchContext): Promise<{ env: Record<string, string>; ids: string[] }> {
  const database = await ctx.createDatabase();
  const env = { DATABASE_URL: database.url };
  const seeder = await ctx.startService(env);
  const ids = await seed(seeder).finally(() => seeder.stop());
  return { env, ids };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One row per (scenario, target): the median of each number over the rounds. */
export function medianRows(rows: BenchRow[]): BenchRow[] {
  const groups = new Map<string, BenchRow[]>();
  for (const row of rows) groups.set(`${row.scenario}\u0000${row.target}`, [...(groups.get(`${row.scenario}\u0000${row.target}`) ?? []), row]);
  return [...groups.values()].map((group) => ({
    ...group[0],
    rps: median(group.map((row) => row.rps)),
    p50: median(group.map((row) => row.p50)),
    p99: median(group.map((row) => row.p99)),
    errors: group.reduce((sum, row) => sum + row.errors, 0),
    non2xx: group.reduce((sum, row) => sum + row.non2xx, 0),
    cpuUsPerRequest: group.every((row) => row.cpuUsPerRequest !== undefined)
      ? median(group.map((row) => row.cpuUsPerRequest as number))
      : undefined,
    storeCpuUsPerRequest: group.every((row) => row.storeCpuUsPerRequest !== undefined)
      ? median(group.map((row) => row.storeCpuUsPerRequest as number))
      : undefined,
    note: group.length > 1 ? `median of ${group.length} rounds` : group[0].note,
  }));
}

let createCounter = 0;
const runTag = randomBytes(3).toString('hex');

export function scenarios(ids: string[]): Record<'get' | 'list' | 'create', AutocannonRequest[]> {
  return {
    get: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `${BASE}/${ids[Math.floor(Math.random() * ids.length)]}` }) }],
    list: [{ method: 'GET', path: `${BASE}?limit=10` }],
    create: [
      {
        method: 'POST',
        path: BASE,
        headers: { 'content-type': 'application/json', 'x-product-name': PRODUCT },
        setupRequest: (request) => {
          const n = createCounter++;
          return { ...request, body: JSON.stringify(connectionBody(`bench-${runTag}-${n}`, n)) };
        },
      },
    ],
  };
}

async function measureOn(ctx: BenchContext, target: Target, requests: Record<string, AutocannonRequest[]>): Promise<BenchRow[]> {
  if (!Object.keys(requests).some((scenario) => selected(SETTINGS.scenarios, scenario))) return [];
  const server = await target.start();
  try {
    const rows: BenchRow[] = [];
    for (const [scenario, sequence] of Object.entries(requests)) {
      if (!selected(SETTINGS.scenarios, scenario)) continue;
      rows.push(await ctx.measure({ scenario, target: target.target, baseline: target.baseline }, { url: server.url, requests: sequence, server, store: target.store }));
    }
    return rows;
  } finally {
    await server.stop();
  }
}

const suite: BenchSuite = {
  name: 'crud',
  async run(ctx) {
    const { env, ids } = await seededStore(ctx);

    const all: Target[] = [
      { target: 'service', start: () => ctx.startService(env) },
      { target: 'service LOG_LEVEL=warn', start: () => ctx.startService({ ...env, LOG_LEVEL: 'warn' }) },
      { target: 'framework floor', baseline: true, start: () => ctx.startFloor('bench/floors/minimal-nest.ts', env) },
      { target: 'floor', baseline: true, start: () => ctx.startFloor('bench/floors/bare-http-pg.ts', env) },
    ];
    const targets = all.filter((target) => selected(SETTINGS.targets, target.target));
    const { get, list, create } = scenarios(ids);
    // Create also counts the CPU of the target's PostgreSQL backends per request (the service's
    // statement carries the history event; a floor's is the bare INSERT): each target's pool is
    // named by the `application_name` of its DATABASE_URL, unique to this run.
    const creating = targets.map((target, index) => {
      const store = { applicationName: `bench-crud-${runTag}-${index}` };
      const named = { ...env, DATABASE_URL: withApplicationName(env.DATABASE_URL, store.applicationName) };
      const start = {
        service: () => ctx.startService(named),
        'service LOG_LEVEL=warn': () => ctx.startService({ ...named, LOG_LEVEL: 'warn' }),
        'framework floor': () => ctx.startFloor('bench/floors/minimal-nest.ts', named),
        floor: () => ctx.startFloor('bench/floors/bare-http-pg.ts', named),
      }[target.target];
      return { ...target, store, start: start ?? target.start };
    });
    // Get and list: the targets interleaved over ROUNDS rounds, median per row, so that machine
    // noise (this box has 2 cores shared with PostgreSQL and autocannon) hits every target alike.
    const rounds: BenchRow[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of targets) rounds.push(...(await measureOn(ctx, target, { get, list })));
    }
    const rows = medianRows(rounds);
    // Create: after every get and list (each list counts the same rows), the targets interleaved
    // over ROUNDS rounds as well, median per row.
    if (selected(SETTINGS.scenarios, 'create')) {
      const creates: BenchRow[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const target of creating) creates.push(...(await measureOn(ctx, target, { create })));
      }
      rows.push(...medianRows(creates));
    }
    const order = ['get', 'list', 'create'];
    return rows.sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
  },
};

export default suite;

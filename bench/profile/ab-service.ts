/**
 * A/B of built service variants (patched copies of dist/, e.g. a prototype of a change) against the
 * framework floor, interleaved over several rounds so machine noise hits every variant alike.
 *
 *   npx ts-node --transpile-only bench/profile/ab-service.ts dist /tmp/proto-a/dist /tmp/proto-b/dist
 *   A variant may name environment of its own after `?`: `dist?HTTP_ADAPTER=fastify&LOG_LEVEL=warn`.
 *   BENCH_ROUNDS (default 2), BENCH_SCENARIOS (default get,list; create on request), PROTO_ENV (JSON env for
 *   every variant, e.g. '{"LOG_LEVEL":"warn"}'), BENCH_DURATION etc. as for npm run bench.
 *   Two more floors may be named as variants: `floor` (node:http + pg) and `framework floor, fastify`
 *   (minimal Nest + fastify); AB_BASELINE names the variant the ratios are against (default the
 *   framework floor), e.g. AB_BASELINE=floor for issue 17's goal on fastify.
 */
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { BenchContext, BenchRow, ROOT, RunningServer, SETTINGS, StoreBackends, selected, withApplicationName } from '../harness';
import { scenarios, seed } from '../suites/crud.suite';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The floors that may be named among the variants (the framework floor always runs). */
const FLOOR_NAMES = ['floor', 'framework floor, fastify'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs = args.map((arg) => resolve(ROOT, arg.split('?')[0]));
  const envOf = (arg: string): Record<string, string> =>
    arg.includes('?') ? Object.fromEntries(new URLSearchParams(arg.slice(arg.indexOf('?') + 1))) : {};
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const ctx = new BenchContext();
  process.once('SIGTERM', () => void ctx.dispose().finally(() => process.exit(143)));
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const database = await ctx.createDatabase();
    const env = { DATABASE_URL: database.url };
    const serviceDir = dirs.find((_dir, index) => !FLOOR_NAMES.includes(args[index]));
    const seeder = await ctx.startService(env, { serviceDir });
    const ids = await seed(seeder).finally(() => seeder.stop());
    const requests = scenarios(ids);
    const picked = (['get', 'list', 'create'] as const).filter((scenario) =>
      SETTINGS.scenarios.length > 0 ? selected(SETTINGS.scenarios, scenario) : scenario !== 'create',
    );
    // Each variant's pool is named (`application_name`), so the CPU of its PostgreSQL backends per
    // request is counted as well (create: the service's statement carries the history event).
    const runTag = randomBytes(3).toString('hex');
    const stores: StoreBackends[] = [{ applicationName: `bench-ab-${runTag}-floor` }, ...args.map((_arg, index) => ({ applicationName: `bench-ab-${runTag}-${index}` }))];
    const named = (index: number) => ({ ...env, DATABASE_URL: withApplicationName(env.DATABASE_URL, stores[index].applicationName) });
    const floors: Record<string, (index: number) => Promise<RunningServer>> = {
      floor: (index) => ctx.startFloor('bench/floors/bare-http-pg.ts', named(index)),
      'framework floor, fastify': (index) => ctx.startFloor('bench/floors/minimal-nest.ts', { ...named(index), FLOOR_ADAPTER: 'fastify' }),
    };
    const baseline = process.env.AB_BASELINE ?? 'framework floor';
    const variants: { label: string; store: StoreBackends; start: () => Promise<RunningServer> }[] = [
      { label: 'framework floor', store: stores[0], start: () => ctx.startFloor('bench/floors/minimal-nest.ts', named(0)) },
      ...args.map((arg, index) => ({
        label: arg,
        store: stores[index + 1],
        start: () =>
          floors[arg]?.(index + 1) ??
          ctx.startService(
            { ...named(index + 1), ...(process.env.PROTO_ENV ? (JSON.parse(process.env.PROTO_ENV) as Record<string, string>) : {}), ...envOf(arg) },
            { serviceDir: dirs[index] },
          ),
      })),
    ];
    const rows: BenchRow[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const variant of variants) {
        const server = await variant.start();
        try {
          for (const scenario of picked) {
            rows.push(await ctx.measure({ scenario, target: variant.label, note: `round ${round}` }, { url: server.url, requests: requests[scenario], server, store: variant.store }));
          }
        } finally {
          await server.stop();
        }
      }
    }
    process.stdout.write(
      `\n| scenario | variant | median req/s | req/s ÷ ${baseline} | CPU µs/req | CPU ÷ ${baseline} | PostgreSQL CPU µs/req | ` +
        `service + PostgreSQL CPU ÷ ${baseline} | p50 ms | p99 ms |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n`,
    );
    for (const scenario of picked) {
      for (const variant of variants) {
        const mine = rows.filter((row) => row.scenario === scenario && row.target === variant.label);
        const ratios = mine.map((row) => {
          const floor = rows.find((other) => other.scenario === scenario && other.target === baseline && other.note === row.note);
          return floor ? row.rps / floor.rps : 0;
        });
        const theirs = rows.filter((row) => row.scenario === scenario && row.target === baseline);
        const floorCpu = median(theirs.map((row) => row.cpuUsPerRequest ?? 0));
        const cpu = median(mine.map((row) => row.cpuUsPerRequest ?? 0));
        // Per round, then the median: service + its backends against the baseline + its backends.
        const totals = mine.map((row) => {
          const floor = theirs.find((other) => other.note === row.note);
          const total = (row.cpuUsPerRequest ?? 0) + (row.storeCpuUsPerRequest ?? 0);
          return floor && total > 0 ? ((floor.cpuUsPerRequest ?? 0) + (floor.storeCpuUsPerRequest ?? 0)) / total : 0;
        });
        const storeCpu = median(mine.map((row) => row.storeCpuUsPerRequest ?? 0));
        process.stdout.write(
          `| ${scenario} | ${variant.label.replace(/^\/tmp\/bench-proto\//, '')} | ${median(mine.map((row) => row.rps)).toFixed(0)} | ` +
            `${median(ratios).toFixed(2)}× | ${cpu.toFixed(0)} | ${cpu > 0 ? (floorCpu / cpu).toFixed(2) : '?'}× | ` +
            `${storeCpu > 0 ? storeCpu.toFixed(0) : ''} | ${storeCpu > 0 ? `${median(totals).toFixed(2)}×` : ''} | ` +
            `${median(mine.map((row) => row.p50))} | ${median(mine.map((row) => row.p99))} |\n`,
        );
      }
    }
  } finally {
    await ctx.dispose();
  }
}

void main();

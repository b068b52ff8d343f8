/**
 * Where the slowest 1% of cached validate-schema calls lose their time, for the service and for the
 * no-framework floor (bench/floors/validate-floor.ts) on the same store and catalog: the
 * validate-scale suite's request (10 × 20 × 50, 422 with 85 errors), sent one call at a time from a
 * lean client process (bench/clients/sequential-client.js) after a steady-state warm-up. Each server
 * runs with gc-timeline.js and request-timing.js preloaded; each slow call is lined up with what its
 * server logged and put in the first class that fits:
 *  - gc: a garbage collection of the server overlapped it;
 *  - outside: more than 1 ms of it passed outside the server's request → finish (the client, the
 *    kernel, or the server busy with something else when the request arrived);
 *  - off-CPU: the server took more than 1 ms longer than the CPU it used (it waited for PostgreSQL,
 *    or for a core);
 *  - on-CPU: the rest (the server computing for longer).
 *
 *   npx ts-node --transpile-only bench/profile/validate-tail.ts
 * Knobs: BENCH_VALIDATE_WARMUP (5000 discarded calls per target), BENCH_VALIDATE_CALLS (5000),
 * BENCH_VALIDATE_TARGETS (`service,floor`).
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { generateCatalog } from '../catalogs';
import { BenchContext, ROOT, RunningServer } from '../harness';
import {
  Catalog,
  createConnections,
  mappedFields,
  spansInChild,
  startFloor,
  timesInChild,
  warm,
} from '../suites/validate-scale.suite';

const WARMUP = Number(process.env.BENCH_VALIDATE_WARMUP ?? 5000);
const CALLS = Number(process.env.BENCH_VALIDATE_CALLS ?? 5000);
const TARGETS = (process.env.BENCH_VALIDATE_TARGETS ?? 'service,floor').split(',');
const PRELOADS = ['gc-timeline.js', 'request-timing.js'].flatMap((file) => [
  '-r',
  join(ROOT, 'bench', 'profile', file),
]);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))].toFixed(2);

interface Logged {
  collections: { start: number; end: number }[];
  requests: { start: number; ms: number; cpuMs: number }[];
}

function logged(server: RunningServer, from: number): Logged {
  const text = readFileSync(server.logFile, 'utf8');
  return {
    collections: [...text.matchAll(/^gc-timeline \w+ ([\d.]+) ([\d.]+)$/gm)]
      .map((match) => ({ start: Number(match[1]), end: Number(match[1]) + Number(match[2]) }))
      .filter((gc) => gc.end > from),
    requests: [...text.matchAll(/^request-timing ([\d.]+) ([\d.]+) (\d+)$/gm)]
      .map((match) => ({ start: Number(match[1]), ms: Number(match[2]), cpuMs: Number(match[3]) / 1000 }))
      .filter((request) => request.start > from),
  };
}

function report(name: string, spans: [number, number][], { collections, requests }: Logged): string {
  const times = spans.map(([start, end]) => end - start).sort((a, b) => a - b);
  const served = requests.map((request) => request.ms).sort((a, b) => a - b);
  const slowest = spans
    .map(([start, end]) => ({ start, end, ms: end - start }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Math.ceil(spans.length / 100));
  const classes = { gc: 0, outside: 0, 'off-CPU': 0, 'on-CPU': 0, unmatched: 0 };
  for (const call of slowest) {
    const request = requests.find((r) => r.start >= call.start - 0.5 && r.start <= call.end);
    if (collections.some((gc) => gc.start < call.end && gc.end > call.start)) classes.gc += 1;
    else if (!request) classes.unmatched += 1;
    else if (call.ms - request.ms > 1) classes.outside += 1;
    else if (request.ms - request.cpuMs > 1) classes['off-CPU'] += 1;
    else classes['on-CPU'] += 1;
  }
  return (
    `${name}: ${spans.length} calls, p50 ${percentile(times, 50)} p90 ${percentile(times, 90)} p99 ${percentile(times, 99)} ms; ` +
    `in the server (request → finish) p50 ${percentile(served, 50)} p99 ${percentile(served, 99)} ms\n` +
    `  slowest ${slowest.length} (≥ ${slowest[slowest.length - 1].ms.toFixed(2)} ms): ` +
    Object.entries(classes)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ') +
    '\n'
  );
}

async function main(): Promise<void> {
  const ctx = new BenchContext();
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const store = await ctx.createDatabase('cs_bench_store');
    const database = await ctx.createDatabase('cs_bench_catalog200');
    await generateCatalog(database.url, { tables: 200, columns: 20 });
    const catalog: Catalog = {
      tables: 200,
      database,
      names: Array.from({ length: 10 }, (_, index) => `scale_200_${index}`),
    };
    const body = { mappedFields: mappedFields(catalog.names) };
    const service = await ctx.startService(
      { DATABASE_URL: store.url, SCHEMA_CACHE_TTL_SECONDS: '3600', SCHEMA_DISCOVERY_TIMEOUT_MS: '120000' },
      { nodeArgs: PRELOADS },
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await createConnections(agent, service, catalog);
    await warm(agent, service, catalog);
    agent.destroy();
    const servers: [string, RunningServer][] = [['service', service]];
    if (TARGETS.includes('floor'))
      servers.push(['floor', await startFloor(ctx, store, [catalog], new Map([[catalog, body]]), PRELOADS)]);
    for (const [name, server] of servers.filter(([target]) => TARGETS.includes(target))) {
      if (WARMUP > 0) timesInChild(server, body, 0, WARMUP);
      const from = Date.now();
      const spans = spansInChild(server, body, 0, CALLS);
      await new Promise((done) => setTimeout(done, 300));
      process.stdout.write(report(name, spans, logged(server, from)));
    }
  } finally {
    await ctx.dispose();
  }
}

void main();

/**
 * A/B of built service variants on one generated PostgreSQL catalog: GET /schema of each variant
 * next to the raw-pg floor of the schema suite (one query, rows in array mode, JSON.stringify),
 * interleaved over rounds so machine noise hits every variant alike. Per call: wall time, the
 * server's CPU and its peak RSS growth (VmHWM after clear_refs, as the schema suite measures).
 *
 *   npx ts-node --transpile-only bench/profile/ab-schema.ts /tmp/base/dist dist
 *   A variant may name environment of its own after `?`: `dist?LOG_LEVEL=warn`.
 *   BENCH_SCHEMA_TABLES (20000), BENCH_SCHEMA_RUNS (calls per variant per round, 3), BENCH_ROUNDS (2),
 *   BENCH_SCHEMA_CATALOG_URL: an already generated catalog database to reuse (kept; else one is
 *   generated and dropped).
 */
import { resolve } from 'node:path';
import { BenchContext, ROOT } from '../harness';
import { generateCatalog } from '../catalogs';
import {
  ServiceCall,
  createCatalogConnection,
  floorCall,
  serviceCall,
} from '../suites/schema.suite';

const TABLES = Number(process.env.BENCH_SCHEMA_TABLES ?? 20000);
const RUNS = Number(process.env.BENCH_SCHEMA_RUNS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ctx = new BenchContext();
  try {
    let catalogUrl = process.env.BENCH_SCHEMA_CATALOG_URL;
    if (!catalogUrl) {
      const catalog = await ctx.createDatabase('cs_bench_catalog');
      const took = await generateCatalog(catalog.url, { tables: TABLES, columns: 20 });
      process.stderr.write(`generated ${TABLES} tables in ${Math.round(took)} ms\n`);
      catalogUrl = catalog.url;
    }
    const results = new Map<string, ServiceCall[]>([
      ['floor', []],
      ...args.map((arg): [string, ServiceCall[]] => [arg, []]),
    ]);
    for (let round = 1; round <= ROUNDS; round++) {
      await floorCall(catalogUrl);
      for (let run = 0; run < RUNS; run++) results.get('floor')?.push(await floorCall(catalogUrl));
      for (const arg of args) {
        const store = await ctx.createDatabase('cs_bench_store');
        const service = await ctx.startService(
          {
            DATABASE_URL: store.url,
            CONNECTION_TEST_RATE_LIMIT: '1000000',
            ...(arg.includes('?')
              ? Object.fromEntries(new URLSearchParams(arg.slice(arg.indexOf('?') + 1)))
              : {}),
          },
          { serviceDir: resolve(ROOT, arg.split('?')[0]) },
        );
        try {
          const id = await createCatalogConnection(service, 'ab_catalog', catalogUrl);
          const path = `/v1/management/connections/${id}/schema`;
          await serviceCall(service, path);
          for (let run = 0; run < RUNS; run++)
            results.get(arg)?.push(await serviceCall(service, path));
        } finally {
          await service.stop();
          await store.drop();
        }
      }
      process.stderr.write(`round ${round} done\n`);
    }
    const floor = results.get('floor') ?? [];
    const floorMs = median(floor.map((one) => one.ms));
    const floorCpu = median(floor.map((one) => one.cpuMs));
    process.stdout.write(
      `| variant | calls | wall p50 ms | ÷ floor | CPU ms/call | ÷ floor | JSON MB | peak RSS growth MB (max) | ÷ JSON |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n`,
    );
    for (const [label, calls] of results) {
      const ms = median(calls.map((one) => one.ms));
      const cpu = median(calls.map((one) => one.cpuMs));
      const growth = Math.max(...calls.map((one) => one.rssGrowth ?? 0));
      const bytes = calls[0]?.bytes ?? 0;
      process.stdout.write(
        `| ${label} | ${calls.length} | ${ms.toFixed(0)} | ${(ms / floorMs).toFixed(2)}× | ${cpu.toFixed(0)} | ${(cpu / floorCpu).toFixed(2)}× | ${mb(bytes)} | ${label === 'floor' ? '' : mb(growth)} | ${label === 'floor' ? '' : (growth / bytes).toFixed(2) + '×'} |\n`,
      );
    }
  } finally {
    await ctx.dispose();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});

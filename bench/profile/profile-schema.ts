/**
 * Where does GET /schema spend its CPU on a large catalog? Starts a built service with the
 * sampling-profiler preload (cpu-profiler.js), makes one warm-up call, then profiles RUNS calls and
 * prints self time by package and by function (.cpuprofile under bench/results/profiles/).
 *
 *   BENCH_SCHEMA_CATALOG_URL=postgres://…/catalog npx ts-node --transpile-only bench/profile/profile-schema.ts [dist]
 *   BENCH_SCHEMA_CATALOG_URL: an already generated catalog (kept; else a BENCH_SCHEMA_TABLES
 *   (20000) × 20 one is generated and dropped), BENCH_SCHEMA_RUNS (3).
 */
import { join, resolve } from 'node:path';
import { BenchContext, RESULTS_DIR, ROOT } from '../harness';
import { generateCatalog } from '../catalogs';
import { createCatalogConnection, serviceCall } from '../suites/schema.suite';
import { formatSelfTimes, newestProfile, summarizeProfile } from './summarize';

const PROFILE_DIR = join(RESULTS_DIR, 'profiles');
const TABLES = Number(process.env.BENCH_SCHEMA_TABLES ?? 20000);
const RUNS = Number(process.env.BENCH_SCHEMA_RUNS ?? 3);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const [serviceDir = 'dist'] = process.argv.slice(2);
  const ctx = new BenchContext();
  try {
    let catalogUrl = process.env.BENCH_SCHEMA_CATALOG_URL;
    if (!catalogUrl) {
      const catalog = await ctx.createDatabase('cs_bench_catalog');
      await generateCatalog(catalog.url, { tables: TABLES, columns: 20 });
      catalogUrl = catalog.url;
    }
    const store = await ctx.createDatabase('cs_bench_store');
    const service = await ctx.startService(
      { DATABASE_URL: store.url, BENCH_PROFILE_DIR: PROFILE_DIR },
      {
        serviceDir: resolve(ROOT, serviceDir),
        nodeArgs: ['-r', join(ROOT, 'bench', 'profile', 'cpu-profiler.js')],
      },
    );
    const id = await createCatalogConnection(service, 'profiled_catalog', catalogUrl);
    const path = `/v1/management/connections/${id}/schema`;
    await serviceCall(service, path);
    service.signal('SIGWINCH');
    await sleep(200);
    const cpu: number[] = [];
    for (let run = 0; run < RUNS; run++) cpu.push((await serviceCall(service, path)).cpuMs);
    service.signal('SIGWINCH');
    await sleep(3000);
    process.stdout.write(`## ${serviceDir}: ${RUNS} calls, CPU ms/call ${cpu.map((ms) => ms.toFixed(0)).join(' / ')} (profiled)\n`);
    const file = newestProfile(PROFILE_DIR, service.pid);
    if (!file) return;
    const summary = summarizeProfile(file, 30);
    process.stdout.write(`${file}\n${formatSelfTimes('self time by area', summary.byArea)}\n${formatSelfTimes('self time by function', summary.byFunction)}\n`);
  } finally {
    await ctx.dispose();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});

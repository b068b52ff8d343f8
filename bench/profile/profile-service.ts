/**
 * Where does a server spend its CPU under load? Seeds ~1,000 connections through the service, starts
 * the chosen target with the sampling-profiler preload, and for each scenario runs a warm-up, then a
 * measured autocannon run while the profiler samples; prints self time by package and by function.
 *
 *   npx ts-node --transpile-only bench/profile/profile-service.ts service get,list
 *   targets: service | service-warn | service-fastify | framework | framework-fastify | floor
 *   (BENCH_SERVICE_DIR works here too)
 */
import { join } from 'node:path';
import { BenchContext, RESULTS_DIR, ROOT, RunningServer, SETTINGS, autocannonRun } from '../harness';
import { scenarios, seededStore } from '../suites/crud.suite';
import { formatSelfTimes, newestProfile, summarizeProfile } from './summarize';

const PROFILE_DIR = join(RESULTS_DIR, 'profiles');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const [target = 'service', scenarioList = 'get,list'] = process.argv.slice(2);
  const ctx = new BenchContext();
  process.once('SIGTERM', () => void ctx.dispose().finally(() => process.exit(143)));
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const { env, ids } = await seededStore(ctx);
    const profiled = { nodeArgs: ['-r', join(ROOT, 'bench', 'profile', 'cpu-profiler.js')] };
    const profileEnv = { BENCH_PROFILE_DIR: PROFILE_DIR };
    const starters: Record<string, () => Promise<RunningServer>> = {
      service: () => ctx.startService({ ...env, ...profileEnv }, profiled),
      'service-warn': () => ctx.startService({ ...env, ...profileEnv, LOG_LEVEL: 'warn' }, profiled),
      'service-fastify': () => ctx.startService({ ...env, ...profileEnv, HTTP_ADAPTER: 'fastify' }, profiled),
      framework: () => ctx.startFloor('bench/floors/minimal-nest.ts', { ...env, ...profileEnv }, profiled),
      'framework-fastify': () =>
        ctx.startFloor('bench/floors/minimal-nest.ts', { ...env, ...profileEnv, FLOOR_ADAPTER: 'fastify' }, profiled),
      floor: () => ctx.startFloor('bench/floors/bare-http-pg.ts', { ...env, ...profileEnv }, profiled),
    };
    const start = starters[target];
    if (!start) throw new Error(`unknown target ${target}; one of ${Object.keys(starters).join(', ')}`);
    const server = await start();
    const requests = scenarios(ids);
    for (const scenario of scenarioList.split(',') as (keyof typeof requests)[]) {
      await autocannonRun({ url: server.url, requests: requests[scenario], durationSeconds: SETTINGS.warmupSeconds });
      server.signal('SIGWINCH');
      const result = await autocannonRun({ url: server.url, requests: requests[scenario] });
      server.signal('SIGWINCH');
      await sleep(1500);
      const file = newestProfile(PROFILE_DIR, server.pid);
      process.stdout.write(`\n## ${target} · ${scenario}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms (profiled)\n`);
      if (!file) continue;
      const summary = summarizeProfile(file, 30);
      process.stdout.write(`${file}\n${formatSelfTimes('self time by area', summary.byArea)}\n${formatSelfTimes('self time by function', summary.byFunction)}\n`);
    }
  } finally {
    await ctx.dispose();
  }
}

void main();

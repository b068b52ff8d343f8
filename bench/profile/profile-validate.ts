/**
 * Where a cached validate-schema call spends its CPU in the running service: the validate-scale
 * suite's request (10 data sources × 20 tables × 50 fields, 422 with 85 errors) sent sequentially on
 * one keep-alive connection to each given build, on one generated catalog, the builds' blocks of
 * calls interleaved (so a changing machine load weighs on each alike). Per build: p50, p99, CPU µs
 * per call (/proc), young and major collections per 1,000 calls and their pause time (--trace-gc in
 * the service's log); with BENCH_PROFILE=1 also the V8 sampling profile of the measured calls, self
 * time by area and by function.
 *
 *   npx ts-node --transpile-only bench/profile/profile-validate.ts dist [/tmp/base/dist ...]
 * Knobs: BENCH_VALIDATE_TABLES (200), BENCH_VALIDATE_CALLS (2000 per build), BENCH_BLOCK (100 calls
 * per turn), BENCH_PROFILE, BENCH_PERF=<perf.data path>, BENCH_NODE_ARGS (more node flags for every build),
 * BENCH_REDIS_URL with BENCH_VALIDATE_CACHE=redis, BENCH_SCENARIO=get (a sequential GET of one connection instead),
 * BENCH_VALIDATE_WARMUP (200 discarded calls per build first), BENCH_TIMELINE=1 (gc-timeline.js in each service: the slowest 1% of calls, how many had a young or a
 * major collection inside them, and p99 of the calls that had none).
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { Agent } from 'node:http';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCatalog } from '../catalogs';
import {
  BenchContext,
  RESULTS_DIR,
  ROOT,
  RunningServer,
  cpuSecondsOf,
  rssBytesOf,
} from '../harness';
import {
  Catalog,
  call,
  createConnections,
  mappedFields,
  warm,
} from '../suites/validate-scale.suite';
import { formatSelfTimes, newestProfile, summarizeProfile } from './summarize';

const BASE = '/v1/management/connections';
const PROFILE_DIR = join(RESULTS_DIR, 'profiles');
const TABLES = Number(process.env.BENCH_VALIDATE_TABLES ?? 200);
const CALLS = Number(process.env.BENCH_VALIDATE_CALLS ?? 2000);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 100);
/** `1`: V8's CPU sampling profiler (cpu-profiler.js); a path: another preload toggled by SIGWINCH the same way. */
const PROFILE = process.env.BENCH_PROFILE;
const PRELOAD = PROFILE === '1' ? join(ROOT, 'bench', 'profile', 'cpu-profiler.js') : PROFILE;
/** `perf record -g` on the first build's process during the measured calls (on-CPU time, kernel included). */
const PERF = process.env.BENCH_PERF;
const SCENARIO = process.env.BENCH_SCENARIO ?? 'validate';
const CACHE = process.env.BENCH_VALIDATE_CACHE ?? 'memory';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';
const TIMELINE = process.env.BENCH_TIMELINE === '1';
/** Discarded calls per build before the measured ones (steady state: V8 optimizes after thousands). */
const WARMUP = Number(process.env.BENCH_VALIDATE_WARMUP ?? 200);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Target {
  dir: string;
  /** The measured call: the validate-schema request, or (BENCH_SCENARIO=get) GET of one of its connections. */
  request: () => Promise<{ status: number; text: string }>;
  server: RunningServer;
  agent: Agent;
  latencies: number[];
  /** With BENCH_TIMELINE: each call's [start, end] in epoch ms, in the order of `latencies`. */
  spans: [number, number][];
  cpu: number;
  system: number;
  gcLogStart: number;
}

/** Kernel-mode CPU seconds of a process so far (stime, all threads). */
function systemSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / 100;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** Young (Scavenge) and major (Mark-Compact) collections in a --trace-gc log since `from`, with pause ms. */
function collections(
  logFile: string,
  from: number,
): { young: number; youngMs: number; major: number; majorMs: number } {
  const text = readFileSync(logFile, 'utf8').slice(from);
  const result = { young: 0, youngMs: 0, major: 0, majorMs: 0 };
  for (const match of text.matchAll(
    /ms: (Scavenge|Mark-Compact|Minor Mark-Sweep)[^,]*, ([\d.]+) \/ ([\d.]+) ms/g,
  )) {
    const ms = Number(match[2]);
    if (match[1] === 'Mark-Compact') {
      result.major += 1;
      result.majorMs += ms;
    } else {
      result.young += 1;
      result.youngMs += ms;
    }
  }
  return result;
}

/** With --trace-gc-nvp: KB allocated, survived and promoted per young collection since `from`, its pause; major collections. */
function survivors(logFile: string, from: number): string {
  const all = readFileSync(logFile, 'utf8').slice(from).split('\n');
  const lines = all.filter((line) => line.includes('gc=s '));
  if (lines.length === 0) return '';
  const majors = all.filter((line) => line.includes('gc=mc '));
  const majorPause = majors.reduce(
    (sum, line) => sum + Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? 0),
    0,
  );
  const total = (name: string) =>
    lines.reduce(
      (sum, line) => sum + Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0),
      0,
    );
  const mean = (name: string) => total(name) / lines.length / 1024;
  return (
    `, ${lines.length} young GCs, per young GC ${mean('allocated').toFixed(0)} KB allocated, ` +
    `${mean('new_space_survived').toFixed(0)} KB survived, ${mean('promoted').toFixed(0)} KB promoted, ` +
    `${(total('pause') / lines.length).toFixed(2)} ms pause; ${majors.length} major GCs, ${majorPause.toFixed(1)} ms of pauses`
  );
}

/**
 * The slowest 1% of a target's calls against the collections gc-timeline.js logged in its service:
 * how many had a young (minor) or a major collection (or incremental marking) overlapping them, and
 * the p50 / p99 of the calls that had no collection at all (what the tail would be without them).
 */
function timeline(target: Target): string {
  const collections = [
    ...readFileSync(target.server.logFile, 'utf8').matchAll(/^gc-timeline (\w+) ([\d.]+) ([\d.]+)$/gm),
  ].map((match) => ({ kind: match[1], start: Number(match[2]), end: Number(match[2]) + Number(match[3]) }));
  const kindsIn = ([start, end]: [number, number]) =>
    new Set(collections.filter((gc) => gc.start < end && gc.end > start).map((gc) => gc.kind));
  const calls = target.spans.map((span, index) => ({ ms: target.latencies[index], kinds: kindsIn(span) }));
  const slowest = [...calls].sort((a, b) => b.ms - a.ms).slice(0, Math.max(1, Math.ceil(calls.length / 100)));
  const count = (list: typeof calls, kind: string) => list.filter((call) => call.kinds.has(kind)).length;
  const clean = calls.filter((call) => call.kinds.size === 0).map((call) => call.ms).sort((a, b) => a - b);
  const withMinor = calls.filter((call) => call.kinds.has('minor')).map((call) => call.ms).sort((a, b) => a - b);
  const pauses = (kind: string) => collections.filter((gc) => gc.kind === kind).map((gc) => gc.end - gc.start);
  const minor = pauses('minor').sort((a, b) => a - b);
  return (
    `  timeline: slowest ${slowest.length} calls (>= ${slowest[slowest.length - 1].ms.toFixed(2)} ms): ` +
    `${count(slowest, 'minor')} with a young GC, ${count(slowest, 'major')} with a major GC, ` +
    `${count(slowest, 'incremental')} with incremental marking, ${slowest.filter((call) => call.kinds.size === 0).length} with none; ` +
    `calls with no GC: ${clean.length}, p50 ${percentile(clean, 50)?.toFixed(2)} p99 ${percentile(clean, 99)?.toFixed(2)} ms; ` +
    `calls with a young GC: ${withMinor.length}, p50 ${percentile(withMinor, 50)?.toFixed(2)} ms; ` +
    `young GC pauses p50 ${percentile(minor, 50)?.toFixed(2)} max ${minor[minor.length - 1]?.toFixed(2)} ms, ` +
    `${pauses('major').length} major (${pauses('major').reduce((a, b) => a + b, 0).toFixed(1)} ms)\n` +
    `  slowest: ${slowest.slice(0, 12).map((call) => `${call.ms.toFixed(1)}${call.kinds.size ? `[${[...call.kinds].join('+')}]` : ''}`).join(' ')}\n`
  );
}

async function main(): Promise<void> {
  // `<dist>[::<node flags>[::<ENV=value,...>]]` (e.g. `dist::--max-semi-space-size=64`, `dist::::LOG_LEVEL=warn`):
  // the same build may run twice.
  const builds = (process.argv.length > 2 ? process.argv.slice(2) : [join(ROOT, 'dist')]).map(
    (arg) => {
      const [dir, flags = '', env = ''] = arg.split('::');
      const extraEnv = Object.fromEntries(
        env
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split('=')),
      );
      return { dir: resolve(dir), label: arg, flags: flags.split(' ').filter(Boolean), extraEnv };
    },
  );
  const ctx = new BenchContext();
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const store = await ctx.createDatabase('cs_bench_store');
    const database = await ctx.createDatabase(`cs_bench_catalog${TABLES}`);
    const took = await generateCatalog(database.url, { tables: TABLES, columns: 20 });
    process.stderr.write(`generated ${TABLES} tables in ${Math.round(took)} ms\n`);
    const catalog: Catalog = {
      tables: TABLES,
      database,
      names: Array.from({ length: 10 }, (_, index) => `scale_${TABLES}_${index}`),
    };
    const body = { mappedFields: mappedFields(catalog.names) };
    const targets: Target[] = [];
    for (const { dir, label, flags, extraEnv } of builds) {
      // `floor:<bench/floors file>`: a floor program on the same store, started after a service made its
      // tables and (validate) its connections: bare-http-pg.ts for GET, validate-floor.ts for validate.
      const floor = dir.includes('floor:')
        ? dir.slice(dir.indexOf('floor:') + 'floor:'.length)
        : undefined;
      const start = floor
        ? (env: Record<string, string>, options: { nodeArgs: string[] }) =>
            ctx.startFloor(join('bench/floors', floor), env, options)
        : (env: Record<string, string>, options: { nodeArgs: string[] }) =>
            ctx.startService(env, { ...options, serviceDir: dir });
      const server = await start(
        {
          DATABASE_URL: store.url,
          SCHEMA_CACHE_TTL_SECONDS: '3600',
          SCHEMA_DISCOVERY_TIMEOUT_MS: '120000',
          SCHEMA_CACHE_MAX_NAMES: '5000000',
          BENCH_PROFILE_DIR: PROFILE_DIR,
          ...(CACHE === 'redis' ? { REDIS_URL } : {}),
          ...extraEnv,
        },
        {
          nodeArgs: [
            '--trace-gc',
            ...flags,
            ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
            ...(PERF ? ['--perf-basic-prof'] : []),
            ...(PRELOAD ? ['-r', PRELOAD] : []),
            ...(TIMELINE ? ['-r', join(ROOT, 'bench', 'profile', 'gc-timeline.js')] : []),
          ],
        },
      );
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      if (!floor) {
        await createConnections(agent, server, catalog);
        await warm(agent, server, catalog);
      }
      const getOne = async () => {
        const listed = await call(agent, server, 'GET', `${BASE}?limit=1`);
        const [{ id }] = (JSON.parse(listed.text) as { items: { id: string }[] }).items;
        return () => call(agent, server, 'GET', `${BASE}/${id}`);
      };
      const request =
        SCENARIO === 'get'
          ? await getOne()
          : () => call(agent, server, 'POST', `${BASE}/validate-schema`, body);
      const first = await request();
      process.stderr.write(`${label}: ${first.status}, ${first.text.length} bytes\n`);
      for (let i = 0; i < WARMUP; i += 1) await request();
      targets.push({
        dir: label,
        request,
        server,
        agent,
        latencies: [],
        spans: [],
        cpu: 0,
        system: 0,
        gcLogStart: 0,
      });
    }
    for (const target of targets) {
      target.gcLogStart = statSync(target.server.logFile).size;
      if (PROFILE) target.server.signal('SIGWINCH');
    }
    const perf = PERF
      ? spawn(
          'perf',
          ['record', '-F', '997', '-g', '-o', PERF, '-p', String(targets[0].server.pid)],
          { stdio: 'ignore' },
        )
      : undefined;
    for (let done = 0; done < CALLS; done += BLOCK) {
      for (const target of (done / BLOCK) % 2 === 0 ? targets : [...targets].reverse()) {
        const cpu0 = cpuSecondsOf(target.server.pid) ?? 0;
        const system0 = systemSecondsOf(target.server.pid);
        for (let i = 0; i < BLOCK; i += 1) {
          const t0 = performance.now();
          const answer = await target.request();
          const t1 = performance.now();
          target.latencies.push(t1 - t0);
          if (TIMELINE) target.spans.push([performance.timeOrigin + t0, performance.timeOrigin + t1]);
          if (answer.status !== (SCENARIO === 'get' ? 200 : 422))
            throw new Error(`${target.dir}: ${answer.status}`);
        }
        target.cpu += (cpuSecondsOf(target.server.pid) ?? 0) - cpu0;
        target.system += systemSecondsOf(target.server.pid) - system0;
      }
    }
    if (PROFILE) for (const target of targets) target.server.signal('SIGWINCH');
    if (perf) {
      perf.kill('SIGINT');
      await new Promise((done) => perf.once('close', done));
    }
    await sleep(1500);
    for (const target of targets) {
      const sorted = [...target.latencies].sort((a, b) => a - b);
      const gc = collections(target.server.logFile, target.gcLogStart);
      const nvp = survivors(target.server.logFile, target.gcLogStart);
      const per1000 = (n: number) => ((n * 1000) / sorted.length).toFixed(1);
      process.stdout.write(
        `\n## ${target.dir}: ${sorted.length} calls, p50 ${percentile(sorted, 50).toFixed(2)} ms, ` +
          `p90 ${percentile(sorted, 90).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)}, ` +
          `max ${sorted[sorted.length - 1].toFixed(1)} ms; CPU ${((target.cpu * 1e6) / sorted.length).toFixed(0)} µs/call (kernel ${((target.system * 1e6) / sorted.length).toFixed(0)}); ` +
          `young GCs ${per1000(gc.young)}/1000 calls (${((gc.youngMs * 1000) / sorted.length).toFixed(0)} µs/call), ` +
          `major ${gc.major} (${gc.majorMs.toFixed(1)} ms)${nvp}; RSS ${((rssBytesOf(target.server.pid) ?? 0) / 1e6).toFixed(0)} MB\n`,
      );
      if (TIMELINE) process.stdout.write(timeline(target));
      const file = PROFILE === '1' ? newestProfile(PROFILE_DIR, target.server.pid) : undefined;
      if (!file) continue;
      const summary = summarizeProfile(file, 40);
      process.stdout.write(
        `${file}\n${formatSelfTimes('self time by area', summary.byArea)}\n${formatSelfTimes('self time by function', summary.byFunction)}\n`,
      );
    }
    for (const target of targets) target.agent.destroy();
  } finally {
    await ctx.dispose();
  }
}

void main();

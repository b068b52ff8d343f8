/**
 * What a server ALLOCATES per request (garbage included), by stage: a count that, unlike CPU time or
 * req/s, does not depend on how loaded the machine is, and that sets how often the young generation
 * is collected (each scavenge also copies whatever the requests in flight hold). Seeds ~1,000
 * connections, then for each target: a warm-up, then a measured autocannon run while
 * heap-sampler.js samples; prints KB per request in total and by stage (each sampled allocation is
 * put in the stage of its innermost frame that names one).
 *
 *   npx ts-node --transpile-only bench/profile/allocations.ts <target>[,<target>...] [create|get|list]
 *   targets: service | framework | `dist-dir?ENV=value&...` (a built variant)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BenchContext, RESULTS_DIR, ROOT, RunningServer, SETTINGS, autocannonRun } from '../harness';
import { scenarios, seededStore } from '../suites/crud.suite';
import { newestProfile } from './summarize';

const PROFILE_DIR = join(RESULTS_DIR, 'profiles');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Stages by the file of a frame; the first that matches a frame, from the innermost frame out, wins. */
const STAGES: [string, RegExp][] = [
  ['pg client', /node_modules\/(pg|pg-pool|pg-protocol|pg-types)\//],
  ['sealing', /dist\/crypto\/|new-connection\.js|node:internal\/crypto/],
  ['history event', /audit-context\.js|connection-changes\.js|history-event\.mapper/],
  ['statement and its values', /connections\/persistence\//],
  ['uuid', /node_modules\/uuid\//],
  ['validation pipe (Nest ValidationPipe, class-transformer, class-validator, rule check)', /fet-validation\.pipe|@nestjs\/common\/pipes\/validation\.pipe/],
  ['request observer (log line, metrics)', /dist\/telemetry\/|node_modules\/(pino|prom-client|sonic-boom)\//],
  ['body reading', /node_modules\/(body-parser|raw-body)\/|json-body-reader|express-platform/],
  ['response DTO, ETag', /connection-response\.dto|domain\/connection\.js/],
  ['Nest routing (params, guards, pipes, response)', /@nestjs\/(core|platform-express)\/|dist\/common\/http\/|dist\/auth\//],
  ['service, controller', /connections\.service|connections\.controller/],
  ['floor handler', /\.floors\//],
  ['express, router', /node_modules\/(express|router|finalhandler|send|on-finished|type-is|content-type|debug|parseurl)\//],
  ['node http, net, events', /node:(_http|net|events|internal\/(streams|http))/],
];

interface HeapNode {
  callFrame: { url: string };
  selfSize: number;
  children?: HeapNode[];
}

function byStage(file: string): Map<string, number> {
  const totals = new Map<string, number>();
  const walk = (node: HeapNode, urls: string[]) => {
    const stack = [...urls, node.callFrame.url];
    let stage = 'other';
    search: for (let index = stack.length - 1; index >= 0; index--)
      for (const [name, pattern] of STAGES)
        if (pattern.test(stack[index])) {
          stage = name;
          break search;
        }
    totals.set(stage, (totals.get(stage) ?? 0) + node.selfSize);
    for (const child of node.children ?? []) walk(child, stack);
  };
  walk((JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }).head, []);
  return totals;
}

async function main(): Promise<void> {
  const [targetList = 'service,framework', scenario = 'create'] = process.argv.slice(2);
  const ctx = new BenchContext();
  process.once('SIGTERM', () => void ctx.dispose().finally(() => process.exit(143)));
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const { env, ids } = await seededStore(ctx);
    const sampled = { nodeArgs: ['-r', join(ROOT, 'bench', 'profile', 'heap-sampler.js')] };
    const profileEnv = { ...env, BENCH_PROFILE_DIR: PROFILE_DIR };
    const start = (target: string): Promise<RunningServer> => {
      if (target === 'service') return ctx.startService(profileEnv, sampled);
      if (target === 'framework') return ctx.startFloor('bench/floors/minimal-nest.ts', profileEnv, sampled);
      const [dir, query = ''] = target.split('?');
      return ctx.startService({ ...profileEnv, ...Object.fromEntries(new URLSearchParams(query)) }, { ...sampled, serviceDir: resolve(ROOT, dir) });
    };
    const requests = scenarios(ids)[scenario as 'create' | 'get' | 'list'];
    for (const target of targetList.split(',')) {
      const server = await start(target);
      try {
        await autocannonRun({ url: server.url, requests, durationSeconds: SETTINGS.warmupSeconds });
        server.signal('SIGWINCH');
        const result = await autocannonRun({ url: server.url, requests });
        server.signal('SIGWINCH');
        let file: string | undefined;
        for (let waited = 0; !file && waited < 30; waited++) {
          await sleep(1000);
          file = newestProfile(PROFILE_DIR, server.pid, '.heapprofile');
        }
        if (!file) throw new Error(`no heap profile from ${target}`);
        const stages = [...byStage(file)].sort((a, b) => b[1] - a[1]);
        const kb = (bytes: number) => (bytes / result.total / 1024).toFixed(1);
        const total = stages.reduce((sum, [, bytes]) => sum + bytes, 0);
        process.stdout.write(`\n## ${target} · ${scenario}: ${result.total} requests, ${result.non2xx} non-2xx; ${kb(total)} KB allocated per request\n${file}\n`);
        for (const [stage, bytes] of stages) process.stdout.write(`  ${kb(bytes).padStart(6)}  ${stage}\n`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await ctx.dispose();
  }
}

void main();

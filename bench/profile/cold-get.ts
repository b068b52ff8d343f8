/**
 * What a pause between calls costs: sequential `GET /{id}` on the service (express and fastify), the
 * minimal Nest floor and the bare `node:http` + `pg` floor, interleaved call by call on the crud
 * suite's seeded store, in blocks without and with an untimed pause after every call (as the
 * test-endpoint suite pauses). Per target and block: p50/p90/p99 at the client and the server's CPU
 * per call inside each call's window (schedstat, all threads). A call after a pause runs cold, on every
 * target alike; this shows how much of that is the machine's (the bare floor) and how much the service's.
 *
 *   npx ts-node --transpile-only bench/profile/cold-get.ts
 * Knobs: COLD_GAPS (pauses in ms, one block each; default 0,20,0,20), COLD_WARMUP (1,500 rounds before
 * each block), COLD_COUNT (600 measured rounds per block).
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BenchContext, RunningServer } from '../harness';
import { seededStore } from '../suites/crud.suite';
import { cpuNanoseconds, once } from './service-calls';

const GAPS = (process.env.COLD_GAPS ?? '0,20,0,20').split(',').map(Number);
const WARMUP = Number(process.env.COLD_WARMUP ?? 1500);
const COUNT = Number(process.env.COLD_COUNT ?? 600);
const BASE = '/v1/management/connections';

interface Target {
  name: string;
  server: RunningServer;
  agent: Agent;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

async function block(targets: Target[], ids: string[], gapMs: number): Promise<void> {
  const get = (target: Target, call: number) =>
    once(target.agent, 'GET', `${target.server.url}${BASE}/${ids[call % ids.length]}`);
  for (let call = 0; call < WARMUP; call += 1) {
    for (const target of targets) await get(target, call);
  }
  const latencies = targets.map((): number[] => []);
  const cpuNs = targets.map(() => 0);
  for (let call = 0; call < COUNT; call += 1) {
    for (const [index, target] of targets.entries()) {
      const cpuBefore = cpuNanoseconds(target.server.pid);
      const started = performance.now();
      await get(target, call);
      latencies[index].push(performance.now() - started);
      cpuNs[index] += cpuNanoseconds(target.server.pid) - cpuBefore;
      if (gapMs > 0) await sleep(gapMs);
    }
  }
  console.log(`${gapMs} ms untimed after each call; ${WARMUP} warm-up rounds, ${COUNT} measured`);
  for (const [index, target] of targets.entries()) {
    const sorted = latencies[index].sort((a, b) => a - b);
    const at = (p: number) => percentile(sorted, p).toFixed(2);
    const cpu = (cpuNs[index] / COUNT / 1000).toFixed(0);
    console.log(
      `  ${target.name.padEnd(34)} p50 ${at(0.5)} ms  p90 ${at(0.9)}  p99 ${at(0.99)}  CPU ${cpu} µs/call`,
    );
  }
}

async function main(): Promise<void> {
  const ctx = new BenchContext();
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const { env, ids } = await seededStore(ctx);
    const started: Array<[string, RunningServer]> = [
      ['service (express)', await ctx.startService(env)],
      [
        'service (HTTP_ADAPTER=fastify)',
        await ctx.startService({ ...env, HTTP_ADAPTER: 'fastify' }),
      ],
      ['framework floor (minimal Nest)', await ctx.startFloor('bench/floors/minimal-nest.ts', env)],
      ['floor (node:http + pg)', await ctx.startFloor('bench/floors/bare-http-pg.ts', env)],
    ];
    const targets = started.map(([name, server]) => ({
      name,
      server,
      agent: new Agent({ keepAlive: true, maxSockets: 1 }),
    }));
    for (const gapMs of GAPS) await block(targets, ids, gapMs);
  } finally {
    await ctx.dispose();
  }
}

void main();

/**
 * What a server asks of the kernel per request, counts that depend far less on how loaded the
 * machine is than CPU time or req/s: context switches of all its threads (from /proc), and with
 * STRACE=1 its system calls (`strace -c` on every thread; strace slows the server down, so run it
 * apart). Seeds ~1,000 connections, warms each target up, then counts over a fixed number of
 * requests; BENCH_ROUNDS (default 1) interleaves the targets that many times.
 *
 *   npx ts-node --transpile-only bench/profile/syscalls.ts <target>[,<target>...] [get|list] [requests]
 *   targets as profile-service.ts (service | service-warn | service-fastify | framework |
 *   framework-fastify | floor), or `dist-dir?ENV=value&...` for a built variant.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { BenchContext, ROOT, RunningServer, SETTINGS, autocannonRun, cpuSecondsOf } from '../harness';
import { scenarios, seededStore } from '../suites/crud.suite';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** `strace -c` on every thread of `pid` until stop() is called; resolves with its summary table. */
function straceCounts(pid: number): { stop: () => Promise<string> } {
  const threads = readdirSync(`/proc/${pid}/task`);
  const child = spawn('strace', ['-c', '-f', ...threads.flatMap((tid) => ['-p', tid])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<string>((finish) => child.once('close', () => finish(output)));
  return {
    stop: async () => {
      child.kill('SIGINT');
      return done;
    },
  };
}

/** Voluntary and involuntary context switches of every thread of `pid` so far. */
function contextSwitches(pid: number): { voluntary: number; involuntary: number } {
  const total = { voluntary: 0, involuntary: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    total.voluntary += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    total.involuntary += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return total;
}

/** The summary's rows as calls per request, most frequent first. */
function perRequest(summary: string, requests: number): string {
  const rows = summary
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.length >= 5 && /^\d/.test(cells[0]) && cells[cells.length - 1] !== 'total')
    .map((cells) => ({ name: cells[cells.length - 1], calls: Number(cells[3]) }))
    .sort((a, b) => b.calls - a.calls);
  const total = rows.reduce((sum, row) => sum + row.calls, 0);
  return [`  total ${(total / requests).toFixed(2)} per request`, ...rows.map((row) => `  ${(row.calls / requests).toFixed(2).padStart(7)}  ${row.name}`)].join('\n');
}

async function main(): Promise<void> {
  const [targetList = 'service-fastify', scenario = 'get', amountText = '4000'] = process.argv.slice(2);
  const amount = Number(amountText);
  const ctx = new BenchContext();
  process.once('SIGTERM', () => void ctx.dispose().finally(() => process.exit(143)));
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const { env, ids } = await seededStore(ctx);
    const starters: Record<string, () => Promise<RunningServer>> = {
      service: () => ctx.startService(env),
      'service-warn': () => ctx.startService({ ...env, LOG_LEVEL: 'warn' }),
      'service-fastify': () => ctx.startService({ ...env, HTTP_ADAPTER: 'fastify' }),
      framework: () => ctx.startFloor('bench/floors/minimal-nest.ts', env),
      'framework-fastify': () => ctx.startFloor('bench/floors/minimal-nest.ts', { ...env, FLOOR_ADAPTER: 'fastify' }),
      floor: () => ctx.startFloor('bench/floors/bare-http-pg.ts', env),
    };
    const variant = (arg: string) => () => {
      const [dir, query = ''] = arg.split('?');
      return ctx.startService({ ...env, ...Object.fromEntries(new URLSearchParams(query)) }, { serviceDir: resolve(ROOT, dir) });
    };
    const requests = scenarios(ids)[scenario as 'get' | 'list'];
    const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
    for (let round = 1; round <= rounds; round++) {
      for (const target of targetList.split(',')) {
        const server = await (starters[target] ?? variant(target))();
        try {
          await autocannonRun({ url: server.url, requests, durationSeconds: SETTINGS.warmupSeconds });
          const strace = process.env.STRACE === '1' ? straceCounts(server.pid) : undefined;
          await sleep(500);
          const cpuBefore = cpuSecondsOf(server.pid) ?? 0;
          const switchesBefore = contextSwitches(server.pid);
          const result = await autocannonRun({ url: server.url, requests, amount, durationSeconds: 600 });
          const cpu = ((cpuSecondsOf(server.pid) ?? 0) - cpuBefore) * 1e6;
          const switches = contextSwitches(server.pid);
          const per = (value: number) => (value / result.total).toFixed(2);
          process.stdout.write(
            `\n## round ${round} · ${target} · ${scenario}: ${result.total} requests, ${result.non2xx} non-2xx, ` +
              `${result.rps.toFixed(0)} req/s, CPU ${per(cpu)} µs/req, context switches per request: ` +
              `${per(switches.voluntary - switchesBefore.voluntary)} voluntary, ${per(switches.involuntary - switchesBefore.involuntary)} involuntary\n`,
          );
          if (strace) {
            await sleep(200);
            process.stdout.write(`${perRequest(await strace.stop(), result.total)}\n`);
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await ctx.dispose();
  }
}

void main();

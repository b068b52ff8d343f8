/**
 * A/B of built services' `POST /{id}/test` (this worktree's dist/ and others, e.g. a copy of main's),
 * interleaved call by call with the bare `pg` floor, after a long warm-up: the service's fixed
 * costs in absolute µs, which the suite's ratios hide on a day when PostgreSQL's connect is slow.
 * Per target: p50/p99 of the timed calls; per service, its CPU (all threads, nanoseconds from
 * /proc/<pid>/task/<tid>/schedstat, not /proc's 10 ms ticks) inside each call's window, and over the
 * whole measured phase ÷ its tests (that one also holds the close finished after the answer and the
 * idle service's own timers during the other targets' calls, the same for every build).
 *
 *   npx ts-node --transpile-only bench/profile/ab-test-endpoint.ts dist /tmp/base-C/dist
 *   AB_WARMUP (default 1000 rounds), AB_COUNT (default 300), AB_GET=1 adds each build's GET /{id}.
 *   AB_GAP_MS: a pause after every call, not timed, so that what a call leaves running (a test's
 *   session closing after its answer: its backend exiting on PostgreSQL) ends before the next
 *   call instead of landing in it (the rotation puts the same call after a given one most rounds,
 *   which would bias an A/B of builds that leave different work behind).
 *   AB_PROFILE=1: the first build runs with the sampling profiler (cpu-profiler.js) over the measured
 *   phase only, and its self time by area and by function is printed.
 *   AB_STAGES=1: every build runs with test-stages.js (wall time per stage inside the service, over the
 *   measured phase), printed from each service's log.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchContext, RESULTS_DIR, ROOT, RunningServer } from '../harness';
import { cpuNanoseconds, once } from './service-calls';
import { formatSelfTimes, newestProfile, summarizeProfile } from './summarize';
import { floorDial, serverUnderTest, startServiceWithConnection } from '../suites/test-endpoint.suite';

interface Target {
  name: string;
  call: () => Promise<void>;
  pid?: number;
  latencies: number[];
  windowCpuNs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function main(): Promise<void> {
  const dirs = (process.argv.length > 2 ? process.argv.slice(2) : ['dist']).map((dir) => resolve(ROOT, dir));
  const warmup = Number(process.env.AB_WARMUP ?? 1000);
  const count = Number(process.env.AB_COUNT ?? 300);
  const gapMs = Number(process.env.AB_GAP_MS ?? 0);
  const ctx = new BenchContext();
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const server = serverUnderTest();
    const targets: Target[] = [
      {
        name: 'floor: pg connect + SELECT 1 + end',
        latencies: [],
        windowCpuNs: 0,
        call: () => floorDial(server),
      },
    ];
    const profileDir = join(RESULTS_DIR, 'profiles');
    const profiling = process.env.AB_PROFILE === '1';
    const staging = process.env.AB_STAGES === '1';
    const staged: RunningServer[] = [];
    let profiled: number | undefined;
    for (const dir of dirs) {
      const first = dir === dirs[0];
      const preloads = [
        ...(profiling && first ? ['-r', join(ROOT, 'bench', 'profile', 'cpu-profiler.js')] : []),
        ...(staging ? ['-r', join(ROOT, 'bench', 'profile', 'test-stages.js')] : []),
      ];
      const { service, id } = await startServiceWithConnection(
        ctx,
        server,
        dir,
        profiling && first ? { BENCH_PROFILE_DIR: profileDir } : {},
        preloads,
      );
      if (profiling && first) profiled = service.pid;
      if (staging) staged.push(service);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const path = `${service.url}/v1/management/connections/${id}`;
      targets.push({
        name: `POST /{id}/test ${dir}`,
        pid: service.pid,
        latencies: [],
        windowCpuNs: 0,
        call: () => once(agent, 'POST', `${path}/test`),
      });
      if (process.env.AB_GET === '1') {
        targets.push({
          name: `GET /{id} ${dir}`,
          pid: service.pid,
          latencies: [],
          windowCpuNs: 0,
          call: () => once(agent, 'GET', path),
        });
      }
    }
    const pids = [...new Set(targets.flatMap((target) => (target.pid ? [target.pid] : [])))];
    const phaseStart = new Map<number, number>();
    for (let round = 0; round < warmup + count; round += 1) {
      if (round === warmup) {
        // SIGWINCH starts the profiler and clears the stages recorded during the warm-up.
        for (const service of staged) if (service.pid !== profiled) service.signal('SIGWINCH');
        if (profiled) process.kill(profiled, 'SIGWINCH');
        for (const pid of pids) phaseStart.set(pid, cpuNanoseconds(pid));
      }
      for (let k = 0; k < targets.length; k += 1) {
        const target = targets[(round + k) % targets.length];
        const cpu0 = target.pid ? cpuNanoseconds(target.pid) : 0;
        const t0 = performance.now();
        await target.call();
        const elapsed = performance.now() - t0;
        if (round >= warmup) {
          target.latencies.push(elapsed);
          if (target.pid) target.windowCpuNs += cpuNanoseconds(target.pid) - cpu0;
        }
        if (gapMs > 0) await new Promise((done) => setTimeout(done, gapMs));
      }
    }
    const phaseCpu = new Map(pids.map((pid) => [pid, cpuNanoseconds(pid) - (phaseStart.get(pid) ?? 0)]));
    for (const service of staged) if (service.pid !== profiled) service.signal('SIGWINCH');
    if (profiled) {
      process.kill(profiled, 'SIGWINCH');
      await new Promise((done) => setTimeout(done, 2000));
      const file = newestProfile(profileDir, profiled, '.cpuprofile');
      if (file) {
        const { byArea, byFunction, busyShare } = summarizeProfile(file, 40);
        process.stdout.write(`profile ${file} (busy ${(busyShare * 100).toFixed(0)}%)\n`);
        process.stdout.write(formatSelfTimes('by area', byArea));
        process.stdout.write(formatSelfTimes('by function', byFunction));
      }
    }
    process.stdout.write(`${warmup} warm-up rounds, ${count} measured, ${gapMs} ms after each call; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
    process.stdout.write('| target | p50 ms | p99 ms | CPU µs/call in its window | service CPU µs per test, whole phase |\n| --- | --- | --- | --- | --- |\n');
    for (const target of targets) {
      const sorted = [...target.latencies].sort((a, b) => a - b);
      const window = target.pid ? Math.round(target.windowCpuNs / 1000 / count) : '';
      const phase =
        target.pid && target.name.startsWith('POST') ? Math.round((phaseCpu.get(target.pid) ?? 0) / 1000 / count) : '';
      process.stdout.write(
        `| ${target.name} | ${percentile(sorted, 50).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${window} | ${phase} |\n`,
      );
    }
    if (staged.length > 0) {
      await new Promise((done) => setTimeout(done, 1000));
      for (const service of staged) {
        const log = readFileSync(service.logFile, 'utf8');
        process.stdout.write(`${log.slice(log.lastIndexOf('test-stages ('))}\n`);
      }
    }
  } finally {
    await ctx.dispose();
  }
}

void main();

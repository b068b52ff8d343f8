/**
 * Latency measured one call at a time (not throughput): `warmup` discarded calls, then `count`
 * timed ones; a call resolves true when it succeeded (a rejection counts as an error). Used by the
 * suites whose unit is one dial (test-endpoint, tunnel); `interleaved` measures several targets side by side.
 */
import { ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Readable, Writable } from 'node:stream';
import { BenchRow } from './harness';

/** One call; resolves true when it succeeded. */
export type SequentialCall = () => Promise<boolean>;

export interface SequentialRun {
  scenario: string;
  count: number;
  warmup: number;
  /**
   * An untimed pause after each call of `interleaved` (ms, default 0): what a call sets going after
   * its answer (a session's close, its backend's exit) settles before the next target's call is
   * timed, instead of landing in it. The CPU of a call is read after its pause, so that work counts
   * for the call that caused it.
   */
  gapMs?: number;
}

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** p-th percentile of sorted times (ms), one decimal. */
export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[Math.max(0, index)].toFixed(1));
}

/** One table row: p50/p99 of `count` sequential calls, and calls per second over the whole run. */
export async function sequential(
  run: SequentialRun,
  row: { target: string; baseline?: boolean; note?: string },
  call: SequentialCall,
): Promise<BenchRow> {
  for (let i = 0; i < run.warmup; i += 1) await call();
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < run.count; i += 1) {
    const t0 = performance.now();
    const ok = await call().catch(() => false);
    latencies.push(performance.now() - t0);
    if (!ok) errors += 1;
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result: BenchRow = {
    scenario: run.scenario,
    ...row,
    rps: run.count / elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    non2xx: 0,
  };
  process.stderr.write(
    `  ${run.scenario} · ${row.target}: p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${errors}\n`,
  );
  return result;
}

/** One target of an interleaved run: its row, its call, and optionally the CPU seconds of whoever does the work. */
export interface InterleavedTarget {
  row: { target: string; baseline?: boolean; note?: string };
  call: SequentialCall;
  /** CPU seconds used so far by the process doing the work (read around each timed call). */
  cpuSeconds?: () => number | undefined;
}

/**
 * Latency of several targets measured side by side, one call at a time: each round calls every
 * target once, in an order that rotates from round to round, so that a machine whose load changes
 * during the run weighs on every row alike (the rows' ratios are then comparable on a busy machine,
 * which rows measured one after the other are not). `warmup` discarded rounds, then `count`.
 * With `cpuSeconds`, the row also gets the CPU µs per call of that process (its pause included,
 * see `gapMs`).
 */
export async function interleaved(
  run: SequentialRun,
  targets: InterleavedTarget[],
): Promise<BenchRow[]> {
  const samples = targets.map(() => ({
    latencies: [] as number[],
    errors: 0,
    elapsedMs: 0,
    cpu: 0,
  }));
  for (let round = 0; round < run.warmup + run.count; round += 1) {
    const measured = round >= run.warmup;
    for (let k = 0; k < targets.length; k += 1) {
      const index = (round + k) % targets.length;
      const { call, cpuSeconds } = targets[index];
      const sample = samples[index];
      const cpu0 = measured ? cpuSeconds?.() : undefined;
      const t0 = performance.now();
      const ok = await call().catch(() => false);
      const elapsed = performance.now() - t0;
      if (run.gapMs) await pause(run.gapMs);
      if (!measured) continue;
      const cpu1 = cpu0 === undefined ? undefined : cpuSeconds?.();
      if (cpu0 !== undefined && cpu1 !== undefined) sample.cpu += cpu1 - cpu0;
      sample.latencies.push(elapsed);
      sample.elapsedMs += elapsed;
      if (!ok) sample.errors += 1;
    }
  }
  return targets.map(({ row, cpuSeconds }, index) => {
    const { latencies, errors, elapsedMs, cpu } = samples[index];
    latencies.sort((a, b) => a - b);
    const result: BenchRow = {
      scenario: run.scenario,
      ...row,
      rps: run.count / (elapsedMs / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors,
      non2xx: 0,
      ...(cpuSeconds ? { cpuUsPerRequest: (cpu * 1e6) / run.count } : {}),
    };
    process.stderr.write(
      `  ${run.scenario} · ${row.target}: p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${errors}\n`,
    );
    return result;
  });
}

/**
 * Adds each row's p50 and p99 ÷ the baseline row's to its note (and prints them): for suites whose
 * goal is about latency, since the table's own ratio column is req/s.
 */
export function noteLatencyRatios(rows: BenchRow[]): void {
  const floor = rows.find((row) => row.baseline);
  if (!floor) return;
  for (const row of rows) {
    if (row === floor) continue;
    const latency = `p50 ${(row.p50 / floor.p50).toFixed(2)}×, p99 ${(row.p99 / floor.p99).toFixed(2)}× the floor`;
    row.note = row.note ? `${row.note}; ${latency}` : latency;
    process.stderr.write(`  ${row.target}: ${latency}\n`);
  }
}

/**
 * A bench/clients/sequential-client.js process kept open for one target (`--serve`): one keep-alive
 * connection, the body serialised once, its own garbage collection out of the harness's way. Each
 * `times(n)` runs n more calls one after another and resolves with their times (ms), so that a
 * suite can interleave several targets in small blocks.
 */
export class ChildClient {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly lines: AsyncIterator<string>;

  /** `args`: the client's arguments after `<url> <method>` (body and flags; warm-ups and count are 0). */
  constructor(url: string, method: string, args: string[]) {
    const client = join(__dirname, 'clients', 'sequential-client.js');
    this.child = spawn(process.execPath, [client, url, method, '0', '0', ...args, '--serve'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async times(count: number): Promise<number[]> {
    this.child.stdin.write(`${count}\n`);
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`the sequential client exited (code ${this.child.exitCode})`);
    return JSON.parse(value) as number[];
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.stdin.end();
    if (this.child.exitCode === null) await exited;
  }
}

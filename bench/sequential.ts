/**
 * Latency measured one call at a time (not throughput): `warmup` discarded calls, then `count`
 * timed ones; a call resolves true when it succeeded (a rejection counts as an error). Used by the
 * suites whose unit is one dial (test-endpoint, tunnel).
 */
import { performance } from 'node:perf_hooks';
import { BenchRow } from './harness';

/** One call; resolves true when it succeeded. */
export type SequentialCall = () => Promise<boolean>;

export interface SequentialRun {
  scenario: string;
  count: number;
  warmup: number;
}

function percentile(sorted: number[], p: number): number {
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

/**
 * What one dial's deadline costs the service: the context as built before session 9
 * (`AbortSignal.any([AbortSignal.timeout(ms), shutdown])`, armed until it fires) against
 * `callContext(ms, shutdown)` ended when the dial has settled, as ConnectionDialing does now. Per
 * variant, in a process of its own (the old one's garbage would land in the other's blocks): CPU µs
 * per context (create, and end for the new one; the median of 4 blocks after 2 discarded) and the
 * heap still held per context once the caller has dropped it, before any deadline has fired (a
 * service testing N connections within one test timeout holds N of them).
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/profile/call-context-cost.ts any|owned [contexts per block, default 20000]
 */
import { callContext } from '../../src/drivers/call-context';

const TIMEOUT_MS = 10_000;
const [which = 'owned', count] = process.argv.slice(2);
const perBlock = Number(count) || 20_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const shutdown = new AbortController();
const held: unknown[] = [];

const variants: Record<string, () => void> = {
  any: () => {
    held.push(AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), shutdown.signal]));
  },
  owned: () => {
    const context = callContext(TIMEOUT_MS, shutdown.signal);
    context.end();
    held.push(context);
  },
};

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function measure(run: () => void): { cpu: number; heap: number } {
  held.length = 0;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = cpuMicros();
  for (let i = 0; i < perBlock; i += 1) run();
  const cpu = cpuMicros() - cpu0;
  // What is left once the caller dropped its contexts (the timers' own references stay).
  held.length = 0;
  gc?.();
  return { cpu: cpu / perBlock, heap: (process.memoryUsage().heapUsed - heap0) / perBlock };
}

const LABELS: Record<string, string> = {
  any: 'AbortSignal.any([AbortSignal.timeout, shutdown]), left armed',
  owned: 'callContext(timeout, shutdown) + end()',
};
const run = variants[which];
if (!run) throw new Error(`variant: ${Object.keys(variants).join(' | ')}`);
const cpus: number[] = [];
const heaps: number[] = [];
for (let block = 0; block < 6; block += 1) {
  const { cpu, heap } = measure(run);
  // The first two blocks warm the code up.
  if (block < 2) continue;
  cpus.push(cpu);
  heaps.push(heap);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
process.stdout.write(
  `${LABELS[which]}: ${median(cpus).toFixed(2)} µs CPU per context, ${Math.round(median(heaps))} bytes held per context until its deadline (${perBlock} per block, median of 4 blocks)\n`,
);
process.exit(0);

/**
 * How a sequential call's cost falls as the built service warms up (V8 runs new code in its
 * interpreter and baseline tier first and optimizes it only after many calls): the test-endpoint
 * suite's service serves only its warm-up and measured rounds, a few hundred calls. Starts the
 * service with one saved connection (the machine's PostgreSQL, as the suite does), then calls it
 * one request at a time on one keep-alive connection and prints, per block of calls, the p50 and
 * the service's CPU per call (all its threads, from /proc/<pid>/task/<tid>/schedstat: nanoseconds,
 * not the 10 ms ticks of /proc/<pid>/stat).
 *
 *   npx ts-node --transpile-only bench/profile/warm-curve.ts [get|test] [block ends, e.g. 50,200,1000,3000,10000]
 *   BENCH_GAP_MS=20: a pause before each call (the service idles between calls, as in the suite)
 *   BENCH_SERVICE_DIR works here too.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BenchContext } from '../harness';
import { cpuNanoseconds, once } from './service-calls';
import { serverUnderTest, startServiceWithConnection } from '../suites/test-endpoint.suite';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const [kind = 'get', blocks = '50,200,1000,3000,10000'] = process.argv.slice(2);
  const gapMs = Number(process.env.BENCH_GAP_MS) || 0;
  const ctx = new BenchContext();
  process.once('SIGINT', () => void ctx.dispose().finally(() => process.exit(130)));
  try {
    const { service, id } = await startServiceWithConnection(ctx, serverUnderTest());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = `${service.url}/v1/management/connections/${id}${kind === 'test' ? '/test' : ''}`;
    const method = kind === 'test' ? 'POST' : 'GET';
    process.stdout.write(`${method} /{id}${kind === 'test' ? '/test' : ''}, pause ${gapMs} ms before each call\n`);
    let done = 0;
    for (const end of blocks.split(',').map(Number)) {
      const latencies: number[] = [];
      let cpu = 0;
      for (; done < end; done += 1) {
        if (gapMs > 0) await sleep(gapMs);
        const cpu0 = cpuNanoseconds(service.pid);
        const t0 = performance.now();
        await once(agent, method, url);
        latencies.push(performance.now() - t0);
        cpu += cpuNanoseconds(service.pid) - cpu0;
      }
      latencies.sort((a, b) => a - b);
      const p50 = latencies[Math.floor(latencies.length / 2)];
      process.stdout.write(
        `  calls ${String(end - latencies.length).padStart(6)}–${String(end).padEnd(6)} p50 ${p50.toFixed(2)} ms, service CPU ${Math.round(cpu / 1000 / latencies.length)} µs/call\n`,
      );
    }
    agent.destroy();
  } finally {
    await ctx.dispose();
  }
}

void main();

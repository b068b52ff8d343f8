import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';

/**
 * What the sequential profiling tools (warm-curve.ts, ab-test-endpoint.ts) share: a service's CPU
 * read from the kernel in nanoseconds, and one bodiless request on a keep-alive agent.
 */

/** CPU nanoseconds used so far by every thread of `pid` still alive (schedstat, not /proc's 10 ms ticks). */
export function cpuNanoseconds(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

/** One request without a body; resolves on a 200 answer, rejects on any other. */
export function once(agent: Agent, method: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = request(url, { method, agent }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 200 ? resolve() : reject(new Error(`${method} ${url}: ${response.statusCode}`)),
      );
    });
    call.on('error', reject);
    call.end();
  });
}

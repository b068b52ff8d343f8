import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Label of requests that matched no route (unknown paths, wrong methods): keeps cardinality bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * How often the event loop's delay is sampled for the `nodejs_eventloop_lag_*` metrics (ms).
 * prom-client's default, 10 ms, is a timer that wakes an idle process 100 times a second: on this
 * service's 2-core VM that was most of an idle process's CPU (11–13 ms a second) and about 8% of a
 * connection test's under load (docs/benchmarks.md, test-endpoint suite, session 8). A delay still shows in
 * the metrics whatever the interval: a blocked loop holds back the next sample.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * The service's Prometheus registry: Node's default metrics, one HTTP duration histogram and the
 * count of log lines dropped because stdout did not keep up.
 * A registry per application (not prom-client's global one), so several apps in one process
 * (tests) each count their own requests.
 */
@Injectable()
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly droppedLogLines = new Counter({
    name: 'log_lines_dropped_total',
    help: 'Log lines dropped because stdout was read more slowly than they were written.',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({
      register: this.registry,
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    this.duration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  logLineDropped(): void {
    this.droppedLogLines.inc();
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

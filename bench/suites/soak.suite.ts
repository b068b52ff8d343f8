/**
 * Memory under a long mixed load on the embedded SQLite store: the built service (LOG_LEVEL=info, as in
 * production) serves BENCH_SOAK_REQUESTS (default 200,000) requests, and its RSS and heap used are read
 * after 1/20, 1/2 and all of them (10k, 100k, 200k). Every autocannon connection loops over one
 * sequence — create, get, lists with filters, PATCH, /test on a closed loopback port (429s past the
 * rate limit), validation errors, unknown routes, wrong methods, delete — so live rows stay bounded
 * and the store's growth is not counted as a leak. BENCH_SOAK_STDOUT_BYTES_PER_SECOND makes the
 * service's stdout a pipe read that fast (a log shipper that falls behind); by default it is a file.
 *
 * Per checkpoint: the peak RSS while the load ran (VmRSS from /proc, sampled), then, once the service
 * has been idle BENCH_SOAK_SETTLE_SECONDS (default 25), RSS and heap used after a full GC: what the
 * process still holds. Heap used is the service's own `nodejs_heap_size_used_bytes` from /metrics; the
 * GC is forced by a preload (bench/profile/gc-on-signal.js), so nothing is added to the service.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AutocannonRequest } from 'autocannon';
import { freePort } from '../../test/support/ports';
import {
  AutocannonSummary, BenchRow, BenchSuite, RunningServer, SETTINGS, autocannonRun, cpuSecondsOf, rssBytesOf, selected,
} from '../harness';

const BASE = '/v1/management/connections';
const PRODUCT = 'bench-soak';
const TOTAL = Math.max(2_000, Number(process.env.BENCH_SOAK_REQUESTS) || 200_000);
/** Cumulative request counts at which memory is read: 1/20, 1/2 and all (10k, 100k, 200k by default). */
const CHECKPOINTS = [Math.round(TOTAL / 20), Math.round(TOTAL / 2), TOTAL];
const SETTLE_MS = (Number(process.env.BENCH_SOAK_SETTLE_SECONDS) >= 0 ? Number(process.env.BENCH_SOAK_SETTLE_SECONDS) : 25) * 1000;
/** When set, the service's stdout is a pipe read at most this fast, as by a slow log shipper. */
const STDOUT_BYTES_PER_SECOND = Number(process.env.BENCH_SOAK_STDOUT_BYTES_PER_SECOND) || undefined;
const SCENARIO = `mixed soak, SQLite${STDOUT_BYTES_PER_SECOND ? `, stdout read at ${STDOUT_BYTES_PER_SECOND / 1000} kB/s` : ''}`;
const GC_SIGNAL = 'SIGURG';
const JSON_HEADERS = { 'content-type': 'application/json', 'x-product-name': PRODUCT };

const runTag = randomBytes(3).toString('hex');
let serial = 0;

/** Per autocannon connection: the connection it created last and its version. */
interface Own {
  id?: string;
  etag?: string;
}
const own = (context: Record<string, unknown>) => context as Own;

/** A random UUID that names no stored connection (→ 404), used until the first create answers. */
const missingId = () => '0190a0b0-0000-7000-8000-' + randomBytes(6).toString('hex');
const idOf = (context: Record<string, unknown>) => own(context).id ?? missingId();

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}

/** Keeps the id and ETag of a create or PATCH that succeeded. */
function remember(status: number, body: string, context: Record<string, unknown>, headers: Record<string, unknown>): void {
  if (status !== 200 && status !== 201) return;
  if (status === 201) own(context).id = (JSON.parse(body) as { id: string }).id;
  own(context).etag = header(headers, 'etag');
}

const TEAMS = ['finance', 'sales', 'ops', 'growth', 'risk'];
const LIST_QUERIES = [
  '?limit=10',
  '?limit=20&sortBy=configName&sortOrder=asc',
  '?type=postgresql&metadata.team=finance',
  '?host=127.0.0.1&databaseName=soak_3&page=2&limit=5',
  `?configName=${runTag}&sortBy=updatedAt`,
  '?startDate=2020-01-01&endDate=2099-12-31&limit=50',
];

/** One cycle of a connection's traffic: 17 requests, one create and one delete. */
export function sequence(closedPort: number, pinnedId: string): AutocannonRequest[] {
  const at = (path: (context: Record<string, unknown>) => string, request: AutocannonRequest): AutocannonRequest => ({
    ...request,
    setupRequest: (base, context) => ({ ...base, path: path(context) }),
  });
  return [
    {
      method: 'POST',
      path: BASE,
      headers: JSON_HEADERS,
      setupRequest: (request) => {
        const n = serial++;
        const body = {
          configName: `soak-${runTag}-${n}`,
          type: 'POSTGRESQL',
          host: '127.0.0.1',
          port: closedPort,
          databaseName: `soak_${n % 7}`,
          userName: 'soak_reader',
          password: randomBytes(12).toString('base64url'),
          ...(n % 2 === 0 ? { metadata: { team: TEAMS[n % TEAMS.length], tier: `t${n % 3}` } } : {}),
          ...(n % 3 === 0 ? { schema: 'public' } : {}),
        };
        return { ...request, body: JSON.stringify(body) };
      },
      onResponse: remember,
    },
    at((context) => `${BASE}/${idOf(context)}`, { method: 'GET' }),
    { method: 'GET', path: BASE, setupRequest: (request) => ({ ...request, path: BASE + LIST_QUERIES[serial % LIST_QUERIES.length] }) },
    {
      method: 'PATCH',
      setupRequest: (request, context) => ({
        ...request,
        path: `${BASE}/${idOf(context)}`,
        headers: { 'content-type': 'application/json', ...(own(context).etag ? { 'if-match': own(context).etag as string } : {}) },
        body: JSON.stringify({ databaseName: `soak_${serial % 11}`, metadata: { team: TEAMS[serial % TEAMS.length] } }),
      }),
      onResponse: remember,
    },
    at((context) => `${BASE}/${idOf(context)}/test`, { method: 'POST' }),
    // One connection tested by everyone: past its per-minute limit, 429s.
    { method: 'POST', path: `${BASE}/${pinnedId}/test` },
    { method: 'GET', path: `${BASE}/unassigned?limit=5` },
    // 400s: a wrong JSON type, an unknown field, a bad limit, a path id that is not a UUID, no product header.
    { method: 'POST', path: BASE, headers: JSON_HEADERS, body: JSON.stringify({ configName: 'x', type: 'POSTGRESQL', host: 'db', port: '5432' }) },
    { method: 'POST', path: BASE, headers: JSON_HEADERS, body: JSON.stringify({ configName: 'x', unexpected: { deep: true } }) },
    { method: 'GET', path: `${BASE}?limit=500` },
    at(() => `${BASE}/not-a-uuid-${serial}`, { method: 'GET' }),
    { method: 'POST', path: BASE, headers: { 'content-type': 'application/json' }, body: '{}' },
    // 404s on paths never seen before (as scanners send), and a 405 on a known path.
    at(() => `/v1/management/nothing-${serial}/${randomBytes(4).toString('hex')}`, { method: 'GET' }),
    at(() => `/${randomBytes(6).toString('hex')}.php?x=${serial}`, { method: 'GET' }),
    at((context) => `${BASE}/${idOf(context)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }),
    at((context) => `${BASE}/${idOf(context)}`, { method: 'DELETE' }),
    at((context) => `${BASE}/${idOf(context)}`, { method: 'GET' }),
  ];
}

export async function createPinned(service: RunningServer, closedPort: number): Promise<string> {
  const response = await fetch(service.url + BASE, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({
      configName: `soak-${runTag}-pinned`, type: 'POSTGRESQL', host: '127.0.0.1', port: closedPort,
      databaseName: 'soak', userName: 'soak_reader', password: 'unused',
    }),
  });
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

interface Exported {
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
  /** Label sets of the HTTP duration histogram (bounded by route patterns × methods × statuses). */
  series: number;
  droppedLogLines?: number;
}

/** What the service exports on /metrics about its memory, and how many HTTP histogram series it holds. */
async function exportedOf(service: RunningServer): Promise<Exported> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const gauge = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  return {
    heapUsed: gauge('nodejs_heap_size_used_bytes'),
    heapTotal: gauge('nodejs_heap_size_total_bytes'),
    external: gauge('nodejs_external_memory_bytes'),
    series: text.split('\n').filter((line) => line.startsWith('http_request_duration_seconds_count{')).length,
    droppedLogLines: gauge('http_request_log_lines_dropped_total'),
  };
}

/**
 * A full GC, SETTLE_MS idle, another full GC, then RSS and the heap. V8 only gives back the heap it
 * grew under load when its memory reducer runs, some seconds after a full GC while the process is idle.
 */
async function settledMemoryOf(service: RunningServer): Promise<Exported & { rss?: number }> {
  service.signal(GC_SIGNAL);
  await sleep(SETTLE_MS);
  service.signal(GC_SIGNAL);
  await sleep(500);
  return { ...(await exportedOf(service)), rss: rssBytesOf(service.pid) };
}

/** Runs `amount` requests of the sequence while sampling the service's RSS; returns the run and the peak. */
async function loadWithPeak(service: RunningServer, requests: AutocannonRequest[], amount: number): Promise<AutocannonSummary & { peakRss: number }> {
  let peakRss = rssBytesOf(service.pid) ?? 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytesOf(service.pid) ?? 0)), 250);
  try {
    const result = await autocannonRun({ url: service.url, requests, amount, connections: SETTINGS.connections });
    return { ...result, peakRss: Math.max(peakRss, rssBytesOf(service.pid) ?? 0) };
  } finally {
    clearInterval(sampler);
  }
}

const mb = (bytes: number | undefined) => (bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const describe = (memory: Exported & { rss?: number }) =>
  `RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}, external ${mb(memory.external)}, ` +
  `${memory.series} histogram series${memory.droppedLogLines ? `, ${memory.droppedLogLines} log lines dropped` : ''}`;

const suite: BenchSuite = {
  name: 'soak',
  async run(ctx) {
    if (!selected(SETTINGS.scenarios, SCENARIO) || !selected(SETTINGS.targets, 'service')) return [];
    const service = await ctx.startService(
      {},
      { nodeArgs: ['--expose-gc', '-r', './bench/profile/gc-on-signal.js'], stdoutBytesPerSecond: STDOUT_BYTES_PER_SECOND },
    );
    const closedPort = await freePort();
    const requests = sequence(closedPort, await createPinned(service, closedPort));
    process.stderr.write(`  start: ${describe(await settledMemoryOf(service))}\n`);
    const rows: BenchRow[] = [];
    let done = 0;
    for (const checkpoint of CHECKPOINTS) {
      const cpuBefore = cpuSecondsOf(service.pid);
      const started = Date.now();
      const result = await loadWithPeak(service, requests, checkpoint - done);
      const seconds = (Date.now() - started) / 1000;
      const cpuAfter = cpuSecondsOf(service.pid);
      done = checkpoint;
      const memory = await settledMemoryOf(service);
      const label = `after ${checkpoint >= 1000 ? `${checkpoint / 1000}k` : checkpoint}`;
      rows.push({
        scenario: SCENARIO,
        target: label,
        baseline: checkpoint === CHECKPOINTS[0],
        rps: result.total / seconds,
        p50: result.p50,
        p99: result.p99,
        errors: result.errors,
        non2xx: result.non2xx,
        cpuUsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) * 1e6) / result.total : undefined,
        peakRssBytes: result.peakRss,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      });
      process.stderr.write(
        `  ${label}: peak RSS under load ${mb(result.peakRss)}; settled ${describe(memory)}; ` +
          `${(result.total / seconds).toFixed(0)} req/s, statuses ${JSON.stringify(result.statusCodes)}\n`,
      );
    }
    return rows;
  },
};

export default suite;

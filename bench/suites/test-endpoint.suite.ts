/**
 * POST /v1/management/connections/{id}/test against this machine's PostgreSQL, sequentially (one
 * request at a time: the endpoint's latency, not its throughput), next to the floor measured in the
 * same run with the same count: a bare `pg` Client connect + `SELECT 1` + end from this process.
 * Rows that split the cost between the floor and the endpoint:
 * - `PostgresDriver.probe` in this process (the driver alone: its session, its one query, its close);
 * - the service's own `ConnectionTester` in this process (`testSettings`: host policy, the probe
 *   under the test's deadline, the report; no HTTP, no store, no history);
 * - `GET /{id}` of the same connection on the same built service (the HTTP request and the same store
 *   lookup as the test, without any dial): what the endpoint pays before and around the dial.
 * With `BENCH_TEST_BASELINE_DIR` (other built services, comma-separated, e.g. a copy of main's
 * dist/), each one's `POST /{id}/test` is one more row of the same rounds: an A/B of builds in one run.
 * The rows are interleaved (every round calls each target once, in a rotating order), so that the
 * ratios hold on a machine whose load changes during the run. `BENCH_TEST_COUNT` (default 200)
 * rounds, after a warm-up that brings every row to its steady state (below: `BENCH_TEST_GET_WARMUP`
 * discarded GETs per service, then `BENCH_TEST_WARMUP` discarded rounds). CPU µs/req: the CPU of the process doing the
 * work per call (this process for the in-process rows and the floor, the service for HTTP rows;
 * PostgreSQL's is not counted).
 */
import { resolve } from 'node:path';
import { Client } from 'pg';
import { callContext } from '../../src/drivers/call-context';
import { DriverTarget } from '../../src/drivers/database-driver';
import { PostgresDriver } from '../../src/drivers/postgres/postgres.driver';
import { ConnectionCredentials } from '../../src/engines/engine';
import {
  BenchContext,
  BenchRow,
  BenchSuite,
  RunningServer,
  SETTINGS,
  cpuSecondsOf,
  selected,
} from '../harness';
import { inProcessTester } from '../in-process-tester';
import { InterleavedTarget, interleaved, noteLatencyRatios } from '../sequential';

const COUNT = Math.max(10, Number(process.env.BENCH_TEST_COUNT) || 200);
/**
 * The warm-up measures what a service that has been serving for a while answers (steady state),
 * for every row alike, in two parts (bench/profile/warm-curve.ts, docs/benchmarks.md):
 * - `BENCH_TEST_GET_WARMUP` (default 2,000) discarded `GET /{id}` on each built service, baselines
 *   included, before the rounds: HTTP in and out, Nest and the store lookup, the part of the test's
 *   path that warms slowest (a sequential GET costs about 3× its steady-state CPU after a few hundred
 *   calls, and reaches it after ~2,000–3,000) and the cheap one to warm;
 * - `BENCH_TEST_WARMUP` (default 300) discarded rounds of every row: each dial's own code (the pg
 *   client, the driver, the tester, the history write), whose CPU per test settles within a few
 *   hundred calls. With the defaults the suite takes about 2 min when PostgreSQL's connect is slow
 *   (30–50 ms), under 1 min when it is fast.
 */
const WARMUP = Math.max(1, Number(process.env.BENCH_TEST_WARMUP) || 300);
const GET_WARMUP = Math.max(0, Number(process.env.BENCH_TEST_GET_WARMUP ?? 2000) || 0);
/**
 * `BENCH_TEST_GAP_MS` (default 20): an untimed pause after every call. The service answers a test
 * before its probe's session has closed (the close waits for the history commit), and every dial
 * leaves a PostgreSQL backend exiting; without the pause that exit lands in the next row's timed
 * call, which the rotation makes a different row each round. CPU per call includes the pause.
 */
const GAP_MS = Math.max(0, Number(process.env.BENCH_TEST_GAP_MS ?? 20) || 0);
const SCENARIO = 'test (sequential, interleaved)';
const RUN = { scenario: SCENARIO, count: COUNT, warmup: WARMUP, gapMs: GAP_MS };
const FLOOR = 'floor: pg connect + SELECT 1 + end';
const SERVICE_TEST = 'service POST /{id}/test';

/** The machine's PostgreSQL as the connection under test (the bench server URL's host/port/user). */
export function serverUnderTest(): ConnectionCredentials {
  const url = new URL(SETTINGS.serverUrl);
  return {
    type: 'POSTGRESQL',
    host: url.hostname,
    port: Number(url.port || 5432),
    databaseName: url.pathname.slice(1) || 'postgres',
    userName: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || 'unused-with-trust-auth',
    schema: null,
    ssl: null,
    metadata: {},
  };
}

const processCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** The least any client does: one pg session, one trivial query, a polite close. */
export async function floorDial(server: ConnectionCredentials): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port: server.port,
    user: server.userName,
    password: server.password,
    database: server.databaseName,
  });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

function floorTarget(server: ConnectionCredentials): InterleavedTarget {
  return {
    row: { target: FLOOR, baseline: true },
    cpuSeconds: processCpuSeconds,
    call: async () => {
      await floorDial(server);
      return true;
    },
  };
}

function driverTarget(server: ConnectionCredentials): InterleavedTarget {
  const driver = new PostgresDriver();
  const target: DriverTarget = {
    ...server,
    id: 'bench',
    approved: { host: server.host, address: '127.0.0.1', family: 4 },
  };
  return {
    row: { target: 'PostgresDriver.probe (in-process)' },
    cpuSeconds: processCpuSeconds,
    call: async () => {
      const context = callContext(10_000);
      try {
        await driver.probe(target, context);
      } finally {
        context.end();
      }
      return true;
    },
  };
}

/** The service's own tester in this process (bench/in-process-tester.ts: no store, no history). */
function testerTarget(server: ConnectionCredentials): InterleavedTarget {
  const tester = inProcessTester();
  return {
    row: {
      target: 'service tester (in-process)',
      note: 'ConnectionTester.testSettings: host policy, probe, report; no HTTP, no store',
    },
    cpuSeconds: processCpuSeconds,
    call: async () => (await tester.testSettings(server)).status === 'success',
  };
}

/** A call of the built service over HTTP (one keep-alive connection from this process); non-2xx counted. */
function httpTarget(
  service: RunningServer,
  target: string,
  request: { method: string; path: string },
  succeeded: (body: unknown) => boolean,
  counts: Map<string, number>,
): InterleavedTarget {
  return {
    row: { target },
    cpuSeconds: () => cpuSecondsOf(service.pid),
    call: async () => {
      const response = await fetch(`${service.url}${request.path}`, { method: request.method });
      if (response.status !== 200) {
        counts.set(target, (counts.get(target) ?? 0) + 1);
        await response.arrayBuffer();
        return false;
      }
      return succeeded(await response.json());
    },
  };
}

/** The built service (auth off, memory rate limiter, PostgreSQL store) with one saved connection. */
export async function startServiceWithConnection(
  ctx: BenchContext,
  server: ConnectionCredentials,
  serviceDir?: string,
  extraEnv: Record<string, string> = {},
  nodeArgs?: string[],
): Promise<{ service: RunningServer; id: string }> {
  const database = await ctx.createDatabase();
  const service = await ctx.startService(
    {
      DATABASE_URL: database.url,
      CONNECTION_TEST_RATE_LIMIT: '1000000',
      ...extraEnv,
    },
    { serviceDir, nodeArgs },
  );
  const created = await fetch(`${service.url}/v1/management/connections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-product-name': 'bench-product' },
    body: JSON.stringify({
      configName: 'bench-test-endpoint',
      type: server.type,
      host: server.host,
      port: server.port,
      databaseName: server.databaseName,
      userName: server.userName,
      password: server.password,
    }),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  return { service, id };
}

/** `count` discarded sequential GET /{id} of the service's saved connection (the first part of the warm-up). */
async function warmGets(service: RunningServer, id: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${service.url}/v1/management/connections/${id}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`warm-up GET answered ${response.status}`);
  }
}

/** Beside the ratios: how much the endpoint adds to the floor, next to what a GET of the same connection costs. */
function noteWhatTheEndpointAdds(rows: BenchRow[]): void {
  const floor = rows.find((row) => row.baseline);
  const test = rows.find((row) => row.target === SERVICE_TEST);
  const get = rows.find((row) => row.target.startsWith('service GET'));
  if (floor && test && get) {
    process.stderr.write(
      `  POST /{id}/test − floor at p50: ${(test.p50 - floor.p50).toFixed(1)} ms; GET /{id} p50: ${get.p50} ms\n`,
    );
  }
}

const suite: BenchSuite = {
  name: 'test-endpoint',
  async run(ctx) {
    if (!selected(SETTINGS.scenarios, SCENARIO)) return [];
    const server = serverUnderTest();
    process.stderr.write(
      `  warm-up: ${GET_WARMUP} GET /{id} per service, then ${WARMUP} rounds; ${COUNT} measured rounds, ${GAP_MS} ms untimed after each call\n`,
    );
    const targets: InterleavedTarget[] = [];
    if (selected(SETTINGS.targets, 'floor')) targets.push(floorTarget(server));
    if (selected(SETTINGS.targets, 'driver')) targets.push(driverTarget(server));
    if (selected(SETTINGS.targets, 'tester')) targets.push(testerTarget(server));
    const non2xx = new Map<string, number>();
    const wantsService = selected(SETTINGS.targets, 'service');
    if (wantsService) {
      const { service, id } = await startServiceWithConnection(ctx, server);
      await warmGets(service, id, GET_WARMUP);
      const path = `/v1/management/connections/${id}`;
      targets.push(
        httpTarget(
          service,
          'service GET /{id} (HTTP + store lookup, no dial)',
          { method: 'GET', path },
          (body) => (body as { id?: string }).id === id,
          non2xx,
        ),
        httpTarget(
          service,
          SERVICE_TEST,
          { method: 'POST', path: `${path}/test` },
          (body) => (body as { status?: string }).status === 'success',
          non2xx,
        ),
      );
      const baselineDirs = (process.env.BENCH_TEST_BASELINE_DIR ?? '').split(',').filter(Boolean);
      for (const baselineDir of baselineDirs) {
        const baseline = await startServiceWithConnection(ctx, server, resolve(baselineDir));
        await warmGets(baseline.service, baseline.id, GET_WARMUP);
        targets.push(
          httpTarget(
            baseline.service,
            `${SERVICE_TEST}, baseline build (${baselineDir})`,
            { method: 'POST', path: `/v1/management/connections/${baseline.id}/test` },
            (body) => (body as { status?: string }).status === 'success',
            non2xx,
          ),
        );
      }
    }
    const rows = (await interleaved(RUN, targets)).map((row) => ({
      ...row,
      non2xx: non2xx.get(row.target) ?? 0,
    }));
    // The goal is about latency (p50 ≤ 1.1× the floor): the table's ratio column is req/s.
    noteLatencyRatios(rows);
    noteWhatTheEndpointAdds(rows);
    return rows;
  },
};

export default suite;

/**
 * What the history costs a create (spec §3.14: no more than 10% slower): `POST /v1/management/connections`
 * on the built service as it is (the connection and its `created` event in one statement on PostgreSQL,
 * one transaction on SQLite) against two builds of the same `dist/` that preloads change (nothing in
 * src/ can switch the history off): the write as it was before the history (TypeORM's insert of the
 * row alone, bench/variants/typeorm-insert.js) and the service's own write with the event left out
 * (bench/variants/without-history.js); and a second process of the latter as a control (what
 * separates two identical processes on this machine). On PostgreSQL (production) and on the embedded
 * SQLite store.
 *
 * Per store, all processes stay up on one store (a PostgreSQL database, or one SQLite file each) and
 * are measured alternately: per round (BENCH_ROUNDS, default 3) in order and then in reverse, the
 * order rotated by one target each round (no target keeps the first place), each target's row of
 * the round being the mean of its two measurements, so that the table growing and the machine's
 * load drifting weigh on all alike; each row is the median over the rounds, and the notes give the
 * ratio to the build without the event, round by round.
 */
import { BenchContext, BenchRow, BenchSuite, RunningServer, SETTINGS, StoreBackends, selected, withApplicationName } from '../harness';
import { median, medianRows, scenarios } from './crud.suite';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const BEFORE = 'before the history (TypeORM insert of the row)';
const WITHOUT = 'service without the history write';
const WITH = 'service (create + its history event)';
const CONTROL = 'control: a second process without the history write';
const WITHOUT_HISTORY = ['-r', './bench/variants/without-history.js'];
const AS_BEFORE = ['-r', './bench/variants/typeorm-insert.js'];

interface Target {
  target: string;
  baseline?: boolean;
  server: RunningServer;
  /** PostgreSQL only: the backends serving this process, whose CPU time counts too. */
  store?: StoreBackends;
}

/** Two measurements of one target in one round as one row: their means (errors added up). */
function meanOf(a: BenchRow, b: BenchRow): BenchRow {
  const mean = (x: number, y: number) => (x + y) / 2;
  const meanOfBoth = (x: number | undefined, y: number | undefined) => (x !== undefined && y !== undefined ? mean(x, y) : undefined);
  return {
    ...a, rps: mean(a.rps, b.rps), p50: mean(a.p50, b.p50), p99: mean(a.p99, b.p99), errors: a.errors + b.errors, non2xx: a.non2xx + b.non2xx,
    cpuUsPerRequest: meanOfBoth(a.cpuUsPerRequest, b.cpuUsPerRequest), storeCpuUsPerRequest: meanOfBoth(a.storeCpuUsPerRequest, b.storeCpuUsPerRequest),
  };
}

/** "÷ before: req/s 0.96× (rounds 0.95 / 0.97 / 0.96); CPU 1.04×, +25 µs": `target` over `baseline`, round by round. */
function pairedNote(rounds: BenchRow[][], target: string, baseline: string, label: string): string {
  const pairs = rounds
    .map((round) => [baseline, target].map((name) => round.find((row) => row.target === name)))
    .filter((pair): pair is [BenchRow, BenchRow] => pair.every((row) => row !== undefined));
  if (pairs.length === 0) return '';
  const rps = pairs.map(([off, on]) => on.rps / off.rps);
  const each = pairs.length > 1 ? ` (rounds ${rps.map((ratio) => ratio.toFixed(2)).join(' / ')})` : '';
  const withCpu = pairs.filter(([off, on]) => off.cpuUsPerRequest !== undefined && on.cpuUsPerRequest !== undefined);
  const cpu = withCpu.length
    ? `; CPU ${median(withCpu.map(([off, on]) => (on.cpuUsPerRequest as number) / (off.cpuUsPerRequest as number))).toFixed(2)}×, ` +
      `${median(withCpu.map(([off, on]) => (on.cpuUsPerRequest as number) - (off.cpuUsPerRequest as number))).toFixed(0)} µs`
    : '';
  const total = (row: BenchRow) => (row.cpuUsPerRequest ?? NaN) + (row.storeCpuUsPerRequest ?? NaN);
  const withTotal = pairs.filter(([off, on]) => Number.isFinite(total(off)) && Number.isFinite(total(on)));
  const totals = withTotal.map(([off, on]) => total(on) / total(off));
  const both = withTotal.length
    ? `; service + PostgreSQL CPU ${median(totals).toFixed(2)}× (rounds ${totals.map((ratio) => ratio.toFixed(2)).join(' / ')}), ` +
      `${median(withTotal.map(([off, on]) => total(on) - total(off))).toFixed(0)} µs`
    : '';
  return `÷ ${label}: req/s ${median(rps).toFixed(2)}×${each}${cpu}${both}`;
}

async function storeRows(ctx: BenchContext, store: 'PostgreSQL' | 'embedded SQLite'): Promise<BenchRow[]> {
  const scenario = `create (${store})`;
  if (!selected(SETTINGS.scenarios, scenario)) return [];
  const env: Record<string, string> = store === 'PostgreSQL' ? { DATABASE_URL: (await ctx.createDatabase()).url } : {};
  const kinds = [
    { target: BEFORE, baseline: true, nodeArgs: AS_BEFORE },
    { target: WITHOUT, baseline: true, nodeArgs: WITHOUT_HISTORY },
    { target: WITH, nodeArgs: [] },
    { target: CONTROL, nodeArgs: WITHOUT_HISTORY },
  ].filter(({ target }) => selected(SETTINGS.targets, target));
  const targets: Target[] = [];
  for (const [index, { nodeArgs, ...kind }] of kinds.entries()) {
    // On PostgreSQL each process names its pool (application_name), so that its backends' CPU time counts with its own.
    const store = env.DATABASE_URL ? { applicationName: `cs_bench_history_${index}` } : undefined;
    const processEnv = store ? { ...env, DATABASE_URL: withApplicationName(env.DATABASE_URL, store.applicationName) } : env;
    targets.push({ ...kind, store, server: await ctx.startService(processEnv, { name: 'service-history', nodeArgs }) });
  }
  const { create } = scenarios([]);
  const rounds: BenchRow[][] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const measured = new Map<Target, BenchRow[]>();
    // Each round starts with the next target (a rotation), so that no target holds one place in the order.
    const order = targets.map((_target, index) => targets[(index + round) % targets.length]);
    for (const target of [...order, ...[...order].reverse()]) {
      const { target: name, baseline, server, store } = target;
      const row = await ctx.measure({ scenario, target: name, baseline }, { url: server.url, requests: create, server, store });
      measured.set(target, [...(measured.get(target) ?? []), row]);
    }
    rounds.push(targets.map((target) => measured.get(target) as BenchRow[]).map(([first, second]) => meanOf(first, second)));
  }
  for (const { server } of targets) await server.stop();
  return medianRows(rounds.flat()).map((row) => {
    const paired = [
      row.target === BEFORE ? '' : pairedNote(rounds, row.target, BEFORE, 'before'),
      row.target === WITH ? pairedNote(rounds, row.target, WITHOUT, 'without') : '',
    ];
    const note = [row.note, ...paired].filter(Boolean).join('; ');
    return note ? { ...row, note } : row;
  });
}

const suite: BenchSuite = {
  name: 'history',
  async run(ctx) {
    return [...(await storeRows(ctx, 'PostgreSQL')), ...(await storeRows(ctx, 'embedded SQLite'))];
  },
};

export default suite;

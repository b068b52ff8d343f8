/**
 * What authentication costs: get (`GET /{id}`) and list (`GET /?limit=10`) on the built service with
 * AUTH_ENABLED=false (the baseline) and with AUTH_ENABLED=true and valid RS256 bearer tokens, whose
 * key comes from a JSON Web Key Set this process serves on loopback (fetched by the service on the
 * first request, then cached). With auth on, two kinds of client: one token on every request (what a
 * client does until it refreshes its token) and a new token on every request, from a pool larger than
 * the service remembers, so every token is checked in full (signature included); one service process
 * per target (the second one remembers as many tokens as it can hold), and a second auth-off process
 * as a control (what separates two identical processes on this machine). All services run on
 * one PostgreSQL database seeded once, and the tokens' organization is `default` (every request's
 * organization when auth is off), so all answer the same rows with the same SQL. Every request
 * carries an Authorization header of the same size (auth off ignores it): the difference is the work
 * of authentication alone.
 *
 * The processes stay up for the whole suite and the targets are measured alternately: per round
 * (BENCH_ROUNDS, default 2) and scenario in order and then in reverse, each target's row of the round
 * being the mean of its two measurements, so machine noise and drift hit all alike; each row of the
 * table is the median over the rounds, and the other rows' notes give their ratio to auth off of CPU
 * per request, round by round. Then the verification alone, in this process.
 */
import { AutocannonRequest } from 'autocannon';
import { VERIFIED_TOKENS_MAX_ENTRIES } from '../../src/auth/verified-tokens';
import { TestIssuer } from '../../test/support/token-issuer';
import { BenchContext, BenchRow, BenchSuite, RunningServer, SETTINGS, selected } from '../harness';
import { cycle, measureLayer, verificationLayers } from '../in-process/token-verification';
import { median, medianRows, scenarios, seed } from './crud.suite';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const AUTH_OFF = 'auth off';
/** A second, identical auth-off process: how far two processes differ on this machine when nothing does. */
const CONTROL = 'control: a second auth-off process';
const SAME_TOKEN = 'auth on, RS256, one token';
const NEW_TOKENS = 'auth on, RS256, a new token every request';
/** The organization of every request when auth is off, so every service sees the seeded rows. */
const ORGANIZATION = 'default';
/** More tokens than the service remembers: cycled in order, none is still remembered when it comes back. */
const POOL_SIZE = VERIFIED_TOKENS_MAX_ENTRIES + 1_000;

interface Target {
  target: string;
  baseline?: boolean;
  server: RunningServer;
  /** The bearer token of the next request. */
  token: () => string;
}

/** Valid for the whole run, however long BENCH_DURATION and BENCH_ROUNDS make it. */
function signer(issuer: TestIssuer): (id: number) => Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
  return (id) => issuer.token(ORGANIZATION, { alg: 'RS256', claims: { scope: 'connections:read', exp, jti: `bench-${String(id).padStart(6, '0')}` } });
}

async function tokenPool(sign: (id: number) => Promise<string>): Promise<string[]> {
  const tokens: string[] = [];
  while (tokens.length < POOL_SIZE)
    tokens.push(...(await Promise.all(Array.from({ length: 100 }, (_, index) => sign(tokens.length + index + 1)))));
  return tokens;
}

/** Each request of `requests` with `Authorization: Bearer <token()>`. */
function authorized(requests: AutocannonRequest[], token: () => string): AutocannonRequest[] {
  return requests.map((request) => ({
    ...request,
    setupRequest: (built, context) => {
      const next = request.setupRequest ? request.setupRequest(built, context) : built;
      return { ...next, headers: { ...next.headers, authorization: `Bearer ${token()}` } };
    },
  }));
}

/** "÷ auth off: CPU 1.15× (rounds 1.12 / 1.15), +41 µs; req/s 0.91×": `target` over auth off, round by round. */
function pairedNote(rounds: BenchRow[][], scenario: string, target: string): string {
  const pairs = rounds
    .map((round) => [AUTH_OFF, target].map((name) => round.find((row) => row.scenario === scenario && row.target === name)))
    .filter((pair): pair is [BenchRow, BenchRow] => pair.every((row) => row?.cpuUsPerRequest !== undefined));
  if (pairs.length === 0) return '';
  const cpuRatios = pairs.map(([off, on]) => (on.cpuUsPerRequest as number) / (off.cpuUsPerRequest as number));
  const delta = median(pairs.map(([off, on]) => (on.cpuUsPerRequest as number) - (off.cpuUsPerRequest as number)));
  const each = pairs.length > 1 ? ` (rounds ${cpuRatios.map((ratio) => ratio.toFixed(2)).join(' / ')})` : '';
  return `÷ auth off: CPU ${median(cpuRatios).toFixed(2)}×${each}, ${delta >= 0 ? '+' : ''}${delta.toFixed(0)} µs; req/s ${median(pairs.map(([off, on]) => on.rps / off.rps)).toFixed(2)}×`;
}

/** Two measurements of one target in one round as one row: their means (errors added up). */
function meanOf(a: BenchRow, b: BenchRow): BenchRow {
  const mean = (x: number, y: number) => (x + y) / 2;
  const cpu = a.cpuUsPerRequest !== undefined && b.cpuUsPerRequest !== undefined ? mean(a.cpuUsPerRequest, b.cpuUsPerRequest) : undefined;
  return { ...a, rps: mean(a.rps, b.rps), p50: mean(a.p50, b.p50), p99: mean(a.p99, b.p99), errors: a.errors + b.errors, non2xx: a.non2xx + b.non2xx, cpuUsPerRequest: cpu };
}

/**
 * Per round and scenario, the targets in order and then in reverse (off, one, new, control, control,
 * new, one, off):
 * each target's row of the round is the mean of its two measurements, so a load that rises or falls
 * steadily during the round weighs on every target alike.
 */
async function measureAlternately(ctx: BenchContext, targets: Target[], requests: Record<string, AutocannonRequest[]>): Promise<BenchRow[][]> {
  const rounds: BenchRow[][] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rows: BenchRow[] = [];
    for (const [scenario, sequence] of Object.entries(requests)) {
      if (!selected(SETTINGS.scenarios, scenario)) continue;
      const measured = new Map<Target, BenchRow[]>();
      for (const target of [...targets, ...[...targets].reverse()]) {
        const { target: name, baseline, server, token } = target;
        const row = await ctx.measure({ scenario, target: name, baseline }, { url: server.url, requests: authorized(sequence, token), server });
        measured.set(target, [...(measured.get(target) ?? []), row]);
      }
      for (const [first, second] of measured.values()) rows.push(meanOf(first, second));
    }
    rounds.push(rows);
  }
  return rounds;
}

async function serviceRows(ctx: BenchContext, issuer: TestIssuer, token: string, pool: string[]): Promise<BenchRow[]> {
  const database = await ctx.createDatabase();
  const env = { DATABASE_URL: database.url };
  const seeder = await ctx.startService(env);
  const ids = await seed(seeder).finally(() => seeder.stop());
  // One process per target: the one-token service remembers one token, the other a full set.
  const kinds = [
    { target: AUTH_OFF, baseline: true, auth: false, token: () => token },
    { target: SAME_TOKEN, auth: true, token: () => token },
    { target: NEW_TOKENS, auth: true, token: cycle(pool) },
    { target: CONTROL, auth: false, token: () => token },
  ].filter(({ target }) => selected(SETTINGS.targets, target));
  const targets: Target[] = [];
  for (const { auth, ...kind } of kinds) {
    const own = auth ? issuer.env({ jwks: true }) : { AUTH_ENABLED: 'false' };
    targets.push({ ...kind, server: await ctx.startService({ ...env, ...own }, { name: 'service-auth' }) });
  }
  const { get, list } = scenarios(ids);
  const rounds = await measureAlternately(ctx, targets, { get, list });
  const authOn = kinds.filter(({ auth }) => auth).length;
  if (issuer.fetches !== authOn) process.stderr.write(`  note: the key set was fetched ${issuer.fetches} times (expected ${authOn}: once per service with auth on)\n`);
  return medianRows(rounds.flat()).map((row) => {
    const paired = row.baseline ? '' : pairedNote(rounds, row.scenario, row.target);
    return paired ? { ...row, note: [row.note, paired].filter(Boolean).join('; ') } : row;
  });
}

async function verificationRows(issuer: TestIssuer, token: string, pool: string[]): Promise<BenchRow[]> {
  const layers = verificationLayers(issuer, token, cycle(pool));
  const rounds: BenchRow[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const layer of round % 2 === 0 ? layers : [...layers].reverse()) rounds.push(await measureLayer(layer));
  }
  return medianRows(rounds).map((row) => ({ ...row, p50: Number(row.p50.toFixed(3)), p99: Number(row.p99.toFixed(3)) }));
}

const suite: BenchSuite = {
  name: 'auth',
  async run(ctx) {
    const issuer = await TestIssuer.start();
    try {
      const sign = signer(issuer);
      const token = await sign(0);
      const started = performance.now();
      const pool = selected(SETTINGS.targets, NEW_TOKENS) || selected(SETTINGS.scenarios, 'verify') ? await tokenPool(sign) : [];
      if (pool.length > 0) process.stderr.write(`  signed ${pool.length} tokens in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      const rows: BenchRow[] = [];
      if (['get', 'list'].some((scenario) => selected(SETTINGS.scenarios, scenario))) rows.push(...(await serviceRows(ctx, issuer, token, pool)));
      if (selected(SETTINGS.scenarios, 'verify')) rows.push(...(await verificationRows(issuer, token, pool)));
      return rows;
    } finally {
      await issuer.close();
    }
  },
};

export default suite;

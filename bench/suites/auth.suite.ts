/**
 * What authentication costs: get (`GET /{id}`) and list (`GET /?limit=10`) on the built service with
 * AUTH_ENABLED=false (the baseline) and with AUTH_ENABLED=true and valid RS256 bearer tokens, whose
 * key comes from a JSON Web Key Set this process serves on loopback (fetched by the service on the
 * first request, then cached). With auth on, two kinds of client: one token on every request (what a
 * client does until it refreshes its token) and a new token on every request, from a pool larger than
 * the service remembers, so every token is checked in full (signature included). Both services run on
 * one PostgreSQL database seeded once, and the tokens' organization is `default` (every request's
 * organization when auth is off), so all answer the same rows with the same SQL. Every request
 * carries an Authorization header of the same size (auth off ignores it): the difference is the work
 * of authentication alone.
 *
 * Both processes stay up for the whole suite and the targets are measured alternately, over
 * BENCH_ROUNDS rounds (default 3), the order reversed every other round, so machine noise and drift
 * hit all alike; each row is the median over the rounds, and the auth-on rows' notes give the
 * per-round ratio auth on ÷ auth off of CPU per request. Then the verification alone, in this process.
 */
import { AutocannonRequest } from 'autocannon';
import { VERIFIED_TOKENS_MAX_ENTRIES } from '../../src/auth/verified-tokens';
import { TestIssuer } from '../../test/support/token-issuer';
import { BenchContext, BenchRow, BenchSuite, RunningServer, SETTINGS, selected } from '../harness';
import { cycle, measureLayer, verificationLayers } from '../in-process/token-verification';
import { median, medianRows, scenarios, seed } from './crud.suite';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const AUTH_OFF = 'auth off';
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

/** "CPU 1.15× (rounds 1.12 / 1.15 / 1.19), +41 µs; req/s 0.91×": `target` over auth off, round by round. */
function pairedNote(rounds: BenchRow[][], scenario: string, target: string): string {
  const pairs = rounds
    .map((round) => [AUTH_OFF, target].map((name) => round.find((row) => row.scenario === scenario && row.target === name)))
    .filter((pair): pair is [BenchRow, BenchRow] => pair.every((row) => row?.cpuUsPerRequest !== undefined));
  if (pairs.length === 0) return '';
  const cpuRatios = pairs.map(([off, on]) => (on.cpuUsPerRequest as number) / (off.cpuUsPerRequest as number));
  const delta = median(pairs.map(([off, on]) => (on.cpuUsPerRequest as number) - (off.cpuUsPerRequest as number)));
  const each = pairs.length > 1 ? ` (rounds ${cpuRatios.map((ratio) => ratio.toFixed(2)).join(' / ')})` : '';
  return `on ÷ off: CPU ${median(cpuRatios).toFixed(2)}×${each}, ${delta >= 0 ? '+' : ''}${delta.toFixed(0)} µs; req/s ${median(pairs.map(([off, on]) => on.rps / off.rps)).toFixed(2)}×`;
}

async function measureAlternately(ctx: BenchContext, targets: Target[], requests: Record<string, AutocannonRequest[]>): Promise<BenchRow[][]> {
  const rounds: BenchRow[][] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rows: BenchRow[] = [];
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const [scenario, sequence] of Object.entries(requests)) {
      if (!selected(SETTINGS.scenarios, scenario)) continue;
      for (const { target, baseline, server, token } of order) {
        rows.push(await ctx.measure({ scenario, target, baseline }, { url: server.url, requests: authorized(sequence, token), server }));
      }
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
  const off = selected(SETTINGS.targets, AUTH_OFF) ? await ctx.startService({ ...env, AUTH_ENABLED: 'false' }, { name: 'service-auth-off' }) : undefined;
  const wantOn = [SAME_TOKEN, NEW_TOKENS].some((target) => selected(SETTINGS.targets, target));
  const on = wantOn ? await ctx.startService({ ...env, ...issuer.env({ jwks: true }) }, { name: 'service-auth-on' }) : undefined;
  const candidates: (Target | undefined)[] = [
    off && { target: AUTH_OFF, baseline: true, server: off, token: () => token },
    on && { target: SAME_TOKEN, server: on, token: () => token },
    on && { target: NEW_TOKENS, server: on, token: cycle(pool) },
  ];
  const targets = candidates.filter((target): target is Target => target !== undefined && selected(SETTINGS.targets, target.target));
  const { get, list } = scenarios(ids);
  const rounds = await measureAlternately(ctx, targets, { get, list });
  if (on && issuer.fetches !== 1) process.stderr.write(`  note: the service fetched the key set ${issuer.fetches} times (expected once)\n`);
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

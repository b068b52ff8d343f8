/**
 * The store at platform size (issue 16, point 5): list (first page and page 100), get and create on
 * a PostgreSQL store holding ~1,000 connections and one holding ~200,000 over 2,000 organizations,
 * one of which holds 20,000. Both stores are filled with SQL (bench/store-fill.ts), not through the
 * API, after the service migrated them, then VACUUM ANALYZE. Both services run side by side (auth
 * on, HS256 tokens, one per organization, so requests can name an organization), and every
 * scenario is measured on both sizes in turn, 1k then 200k then 200k then 1k over BENCH_ROUNDS
 * rounds (default 2), so drift on this shared machine weighs on both alike; each row is the mean
 * of its measurements, and the 200k row's note gives its p50 over the 1k row's p50.
 *
 * Stores: "1k" is the crud suite's size for the big organization (1,000 live connections, so page
 * 100 is its last full page) plus the small one; "200k" gives the big organization 20,000 live
 * connections in three products (18,000 in the one the requests name), the small one the same 10,
 * and 1,998 more organizations ~85 each; 5% more soft-deleted rows everywhere; one `created`
 * history event per connection. Rows default to 5 s (+ 2 s warm-up); BENCH_DURATION overrides.
 */
import { randomBytes } from 'node:crypto';
import { AutocannonRequest } from 'autocannon';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ConnectionQuery } from '../../src/connections/domain/connection-page';
import { ConnectionEntity } from '../../src/connections/persistence/connection.entity';
import { HistoryEventEntity } from '../../src/connections/persistence/history-event.entity';
import { TypeOrmConnectionRepository } from '../../src/connections/persistence/typeorm-connection.repository';
import { dataSourceOptions } from '../../src/store/data-source-options';
import { AesGcmSecretCipher } from '../../src/crypto/aes-gcm-secret-cipher';
import { parseKeyring } from '../../src/crypto/keyring';
import { passwordContext } from '../../src/connections/domain/secret-contexts';
import { TestIssuer } from '../../test/support/token-issuer';
import { BenchContext, BenchRow, BenchSuite, RunningServer, SETTINGS, StoreBackends, cpuSecondsOf, selected, withApplicationName } from '../harness';
import { StoreBlock, fillStore } from '../store-fill';
import { BASE, PRODUCT, connectionBody, median } from './crud.suite';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const DURATION = process.env.BENCH_DURATION ? SETTINGS.durationSeconds : 5;
const BIG = 'org-big';
const SMALL = 'org-small';
const OTHER_PRODUCT = 'analytics';
/** 5% more rows, soft-deleted. */
const deletedFor = (live: number) => Math.ceil(live * 0.05);
const block = (organization: string, product: string | null, live: number): StoreBlock => ({ organization, product, live, deleted: deletedFor(live) });

interface Size {
  name: string;
  label: string;
  blocks: StoreBlock[];
}

const SIZES: Size[] = [
  { name: '1k', label: '~1,000 stored', blocks: [block(BIG, PRODUCT, 1000), block(SMALL, PRODUCT, 10)] },
  {
    name: '200k',
    label: '~200,000 stored',
    blocks: [
      block(BIG, PRODUCT, 18_000),
      block(BIG, OTHER_PRODUCT, 1_000),
      block(BIG, null, 1_000),
      block(SMALL, PRODUCT, 10),
      // 1,998 more organizations, 40 to 130 live connections each (~170,000), four in five in PRODUCT.
      ...Array.from({ length: 1998 }, (_, index) => {
        const live = 40 + ((index * 37) % 91);
        const organization = `org-${String(index + 1).padStart(4, '0')}`;
        return [block(organization, PRODUCT, Math.round(live * 0.8)), block(organization, OTHER_PRODUCT, Math.round(live * 0.2))];
      }).flat(),
    ],
  },
];

interface Scenario {
  scenario: string;
  organization: string;
  requests(ids: string[]): AutocannonRequest[];
}

let created = 0;
const runTag = randomBytes(3).toString('hex');
const SCENARIOS: Scenario[] = [
  { scenario: 'list, first page (product)', organization: BIG, requests: () => [{ method: 'GET', path: `${BASE}?limit=10`, headers: { 'x-product-name': PRODUCT } }] },
  { scenario: 'list, first page (any product)', organization: BIG, requests: () => [{ method: 'GET', path: `${BASE}?limit=10` }] },
  { scenario: 'list, page 100 (product)', organization: BIG, requests: () => [{ method: 'GET', path: `${BASE}?page=100&limit=10`, headers: { 'x-product-name': PRODUCT } }] },
  { scenario: 'get', organization: BIG, requests: getRequests },
  { scenario: 'list, first page (product)', organization: SMALL, requests: () => [{ method: 'GET', path: `${BASE}?limit=10`, headers: { 'x-product-name': PRODUCT } }] },
  { scenario: 'get', organization: SMALL, requests: getRequests },
  { scenario: 'create', organization: BIG, requests: createRequests },
  { scenario: 'create', organization: SMALL, requests: createRequests },
];

function getRequests(ids: string[]): AutocannonRequest[] {
  return [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `${BASE}/${ids[Math.floor(Math.random() * ids.length)]}` }) }];
}

function createRequests(): AutocannonRequest[] {
  return [
    {
      method: 'POST',
      path: BASE,
      headers: { 'content-type': 'application/json', 'x-product-name': PRODUCT },
      setupRequest: (request) => {
        const n = created++;
        return { ...request, body: JSON.stringify(connectionBody(`scale-${runTag}-${n}`, n)) };
      },
    },
  ];
}

interface Store {
  size: Size;
  url: string;
  server: RunningServer;
  backends: StoreBackends;
  /** Live ids in PRODUCT per organization: what get asks for. */
  ids: Map<string, string[]>;
}

async function liveIds(url: string, organization: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      'SELECT id FROM connections WHERE organization_id = $1 AND product_name = $2 AND deleted_at IS NULL',
      [organization, PRODUCT],
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

async function prepare(ctx: BenchContext, size: Size, env: Record<string, string>, sealed: string): Promise<Store> {
  const database = await ctx.createDatabase();
  const started = Date.now();
  // The service migrates an empty store on boot; then the rows go in with SQL.
  const migrator = await ctx.startService({ ...env, DATABASE_URL: database.url });
  await migrator.stop();
  const rows = await fillStore(database.url, size.blocks, sealed);
  process.stderr.write(`  store ${size.name}: ${rows} connections over ${new Set(size.blocks.map((b) => b.organization)).size} organizations in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const backends = { applicationName: `cs-store-scale-${size.name}` };
  const server = await ctx.startService({ ...env, DATABASE_URL: withApplicationName(database.url, backends.applicationName) });
  const ids = new Map<string, string[]>();
  for (const organization of [BIG, SMALL]) ids.set(organization, await liveIds(database.url, organization));
  return { size, url: database.url, server, backends, ids };
}

/** BENCH_STORE_CALLS=0 leaves the in-process rows out (e.g. for a build of another store schema). */
const REPOSITORY_CALLS = Number(process.env.BENCH_STORE_CALLS ?? 2000);

/** The repository calls behind the HTTP scenarios, made in this process one at a time. */
const REPOSITORY_SCENARIOS: Array<{ scenario: string; call(repository: TypeOrmConnectionRepository, ids: string[]): Promise<unknown> }> = [
  { scenario: 'list, first page (product)', call: (repository) => repository.findPage(listQuery({ productName: PRODUCT })) },
  { scenario: 'list, first page (any product)', call: (repository) => repository.findPage(listQuery({})) },
  { scenario: 'list, page 100 (product)', call: (repository) => repository.findPage(listQuery({ productName: PRODUCT, page: 100 })) },
  { scenario: 'get', call: (repository, ids) => repository.findById(BIG, ids[Math.floor(Math.random() * ids.length)]) },
];

function listQuery(query: Partial<ConnectionQuery>): ConnectionQuery {
  return { organizationId: BIG, sortBy: 'createdAt', sortOrder: 'desc', page: 1, limit: 10, ...query };
}

/**
 * The store's share alone, steadier than HTTP rows on a busy machine: the service's repository in
 * this process on a pool of one connection, REPOSITORY_CALLS sequential calls per row (after a
 * tenth as many discarded), the big organization. p50/p99 are per call; CPU µs/req is this
 * process's (the repository's own work: building SQL, mapping rows), PostgreSQL CPU µs/req that
 * backend's, from /proc.
 */
async function repositoryRows(store: Store): Promise<BenchRow[]> {
  const options = dataSourceOptions({ databaseUrl: store.url, dataDir: '' });
  const extra = { ...(options as { extra?: object }).extra, max: 1 };
  const dataSource = await new DataSource({ ...options, entities: [ConnectionEntity, HistoryEventEntity], extra }).initialize();
  try {
    const repository = new TypeOrmConnectionRepository(dataSource);
    const [{ pid }] = await dataSource.query<Array<{ pid: number }>>('SELECT pg_backend_pid() AS pid');
    const ids = store.ids.get(BIG) ?? [];
    const rows: BenchRow[] = [];
    for (const { scenario, call } of REPOSITORY_SCENARIOS) {
      const name = `${scenario} · big organization · repository in-process, sequential`;
      if (!selected(SETTINGS.scenarios, name)) continue;
      for (let n = 0; n < REPOSITORY_CALLS / 10; n += 1) await call(repository, ids);
      const took: number[] = [];
      const clientBefore = process.cpuUsage();
      const storeBefore = cpuSecondsOf(pid);
      const started = process.hrtime.bigint();
      for (let n = 0; n < REPOSITORY_CALLS; n += 1) {
        const start = process.hrtime.bigint();
        await call(repository, ids);
        took.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const storeAfter = cpuSecondsOf(pid);
      const client = process.cpuUsage(clientBefore);
      took.sort((a, b) => a - b);
      rows.push({
        scenario: name,
        target: store.size.label,
        baseline: store.size === SIZES[0],
        rps: REPOSITORY_CALLS / seconds,
        p50: Number(median(took).toFixed(3)),
        p99: Number(took[Math.floor(took.length * 0.99)].toFixed(3)),
        errors: 0,
        non2xx: 0,
        cpuUsPerRequest: (client.user + client.system) / REPOSITORY_CALLS,
        storeCpuUsPerRequest: storeBefore !== undefined && storeAfter !== undefined ? ((storeAfter - storeBefore) * 1e6) / REPOSITORY_CALLS : undefined,
      });
    }
    return rows;
  } finally {
    await dataSource.destroy();
  }
}

/** `rows` of two stores paired by scenario, the larger one's note giving its p50 over the smaller one's. */
function withRatios(rows: BenchRow[], note?: string): BenchRow[] {
  return rows.map((row) => {
    if (row.baseline) return { ...row, note };
    const base = rows.find((candidate) => candidate.baseline && candidate.scenario === row.scenario);
    const ratio = base && base.p50 > 0 ? `p50 ÷ 1k p50 = ${(row.p50 / base.p50).toFixed(2)}×` : undefined;
    return { ...row, note: [note, ratio].filter(Boolean).join(', ') };
  });
}

/** The mean of each number of `rows` (the measurements of one scenario on one store). */
function mean(rows: BenchRow[]): BenchRow {
  const avg = (pick: (row: BenchRow) => number | undefined) =>
    rows.every((row) => pick(row) !== undefined) ? rows.reduce((sum, row) => sum + (pick(row) as number), 0) / rows.length : undefined;
  return {
    ...rows[0],
    rps: avg((row) => row.rps) ?? 0,
    p50: avg((row) => row.p50) ?? 0,
    p99: avg((row) => row.p99) ?? 0,
    errors: rows.reduce((sum, row) => sum + row.errors, 0),
    non2xx: rows.reduce((sum, row) => sum + row.non2xx, 0),
    cpuUsPerRequest: avg((row) => row.cpuUsPerRequest),
    storeCpuUsPerRequest: avg((row) => row.storeCpuUsPerRequest),
  };
}

const suite: BenchSuite = {
  name: 'store-scale',
  async run(ctx) {
    const keyId = 'scale';
    const key = randomBytes(32).toString('base64');
    const cipher = new AesGcmSecretCipher(parseKeyring(`${keyId}:${key}`, keyId));
    const sealed = cipher.seal(randomBytes(18).toString('base64url'), passwordContext('00000000-0000-7000-8000-000000000000'));
    const issuer = await TestIssuer.start();
    try {
      const env = { ENCRYPTION_KEYS: `${keyId}:${key}`, ENCRYPTION_ACTIVE_KEY_ID: keyId, ...issuer.env({ secret: true, jwks: false }) };
      const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
      const tokens = new Map<string, string>();
      for (const organization of [BIG, SMALL]) tokens.set(organization, await issuer.token(organization, { alg: 'HS256', claims: { exp } }));
      const stores: Store[] = [];
      for (const size of SIZES) stores.push(await prepare(ctx, size, env, sealed));

      const rows: BenchRow[] = [];
      for (const scenario of SCENARIOS) {
        const name = `${scenario.scenario} · ${scenario.organization === BIG ? 'big organization' : 'small organization'}`;
        if (!selected(SETTINGS.scenarios, name)) continue;
        const measured = new Map<Store, BenchRow[]>(stores.map((store) => [store, []]));
        for (let round = 0; round < ROUNDS; round += 1) {
          for (const store of round % 2 === 0 ? stores : [...stores].reverse()) {
            const authorization = { authorization: `Bearer ${tokens.get(scenario.organization)}` };
            const requests = scenario.requests(store.ids.get(scenario.organization) ?? []).map((request) => ({
              ...request,
              headers: { ...request.headers, ...authorization },
            }));
            measured.get(store)?.push(
              await ctx.measure(
                { scenario: name, target: store.size.label, baseline: store === stores[0] },
                { url: store.server.url, requests, server: store.server, store: store.backends, durationSeconds: DURATION },
              ),
            );
          }
        }
        rows.push(...withRatios(stores.map((store) => mean(measured.get(store) ?? [])), ROUNDS > 1 ? `mean of ${ROUNDS} rounds` : undefined));
      }
      // The servers are idle from here on: the store alone, in this process.
      for (const store of stores) await store.server.stop();
      const inProcess: BenchRow[] = [];
      if (REPOSITORY_CALLS > 0) for (const store of stores) inProcess.push(...(await repositoryRows(store)));
      const order = (row: BenchRow) => REPOSITORY_SCENARIOS.findIndex((scenario) => row.scenario.startsWith(scenario.scenario));
      rows.push(...withRatios(inProcess.sort((a, b) => order(a) - order(b))));
      return rows;
    } finally {
      await issuer.close();
    }
  },
};

export default suite;

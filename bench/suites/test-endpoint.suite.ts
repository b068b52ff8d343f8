/**
 * POST /v1/management/connections/{id}/test against this machine's PostgreSQL, sequentially (one
 * request at a time: the endpoint's latency, not its throughput), next to the floor measured in the
 * same run with the same count: a bare `pg` Client connect + `SELECT 1` + end from this process.
 * Also the PostgresDriver's probe called in-process, to split the cost between the driver and HTTP.
 * `BENCH_TEST_COUNT` (default 200) calls per row, after `BENCH_TEST_COUNT / 10` discarded warm-up calls.
 */
import { Client } from 'pg';
import { callContext } from '../../src/drivers/call-context';
import { DriverTarget } from '../../src/drivers/database-driver';
import { PostgresDriver } from '../../src/drivers/postgres/postgres.driver';
import { BenchContext, BenchRow, BenchSuite, SETTINGS, selected } from '../harness';
import { sequential } from '../sequential';

const COUNT = Math.max(10, Number(process.env.BENCH_TEST_COUNT) || 200);
const WARMUP = Math.max(1, Math.floor(COUNT / 10));
const SCENARIO = 'test (sequential)';
const RUN = { scenario: SCENARIO, count: COUNT, warmup: WARMUP };

/** The machine's PostgreSQL as the connection under test (the bench server URL's host/port/user). */
function serverUnderTest() {
  const url = new URL(SETTINGS.serverUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password) || 'unused-with-trust-auth',
    database: url.pathname.slice(1) || 'postgres',
  };
}

async function serviceRow(ctx: BenchContext): Promise<BenchRow> {
  const database = await ctx.createDatabase();
  const service = await ctx.startService({
    DATABASE_URL: database.url,
    CONNECTION_TEST_RATE_LIMIT: '1000000',
  });
  try {
    const server = serverUnderTest();
    const created = await fetch(`${service.url}/v1/management/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-product-name': 'bench-product' },
      body: JSON.stringify({
        configName: 'bench-test-endpoint',
        type: 'POSTGRESQL',
        host: server.host,
        port: server.port,
        databaseName: server.database,
        userName: server.user,
        password: server.password,
      }),
    });
    if (created.status !== 201) throw new Error(`create answered ${created.status}`);
    const { id } = (await created.json()) as { id: string };
    let non2xx = 0;
    const row = await sequential(RUN, { target: 'service POST /{id}/test' }, async () => {
      const response = await fetch(`${service.url}/v1/management/connections/${id}/test`, {
        method: 'POST',
      });
      if (response.status !== 200) {
        non2xx += 1;
        await response.arrayBuffer();
        return false;
      }
      return ((await response.json()) as { status?: string }).status === 'success';
    });
    return { ...row, non2xx };
  } finally {
    await service.stop();
    await database.drop();
  }
}

const suite: BenchSuite = {
  name: 'test-endpoint',
  async run(ctx) {
    if (!selected(SETTINGS.scenarios, SCENARIO)) return [];
    const server = serverUnderTest();
    const rows: BenchRow[] = [];
    if (selected(SETTINGS.targets, 'floor')) {
      rows.push(
        await sequential(
          RUN,
          { target: 'floor: pg connect + SELECT 1 + end', baseline: true },
          async () => {
            const client = new Client({ ...server, host: '127.0.0.1' });
            await client.connect();
            try {
              await client.query('SELECT 1');
            } finally {
              await client.end();
            }
            return true;
          },
        ),
      );
    }
    if (selected(SETTINGS.targets, 'driver')) {
      const driver = new PostgresDriver();
      const target: DriverTarget = {
        id: 'bench',
        type: 'POSTGRESQL',
        host: server.host,
        port: server.port,
        databaseName: server.database,
        userName: server.user,
        password: server.password,
        schema: null,
        ssl: null,
        metadata: {},
        approved: { host: server.host, address: '127.0.0.1', family: 4 },
      };
      rows.push(
        await sequential(RUN, { target: 'PostgresDriver.probe (in-process)' }, async () => {
          await driver.probe(target, callContext(10_000));
          return true;
        }),
      );
    }
    if (selected(SETTINGS.targets, 'service')) rows.push(await serviceRow(ctx));
    return rows;
  },
};

export default suite;

/**
 * "Nothing can hurt the process": every engine driver pointed at every other engine's port
 * (real PostgreSQL, MariaDB and Redis of this machine; the MongoDB / TDS / TNS wire-protocol
 * fakes, not real servers), at a port that accepts and never answers, at a closed port and at a
 * name that does not resolve. Each probe must reject with a DriverError before the deadline
 * (plus a small margin: a correctness bound, not a speed test) and memory must stay flat.
 */
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import { ConfigService } from '@nestjs/config';
import { Settings } from '../src/config/settings';
import { ConnectionCredentials, EngineType } from '../src/engines/engine';
import { callContext } from '../src/drivers/call-context';
import { DatabaseDriver, DriverError } from '../src/drivers/database-driver';
import { DnsHostPolicy } from '../src/host-policy/host-policy.service';
import { MongoDbDriver } from '../src/drivers/mongodb/mongodb.driver';
import { MysqlDriver } from '../src/drivers/mysql/mysql.driver';
import { OracleDriver } from '../src/drivers/oracle/oracle.driver';
import { PostgresDriver } from '../src/drivers/postgres/postgres.driver';
import { SqlServerDriver } from '../src/drivers/sqlserver/sqlserver.driver';
import { startMongoWireFake } from './fakes/mongo-wire-fake';
import { startTdsFake } from './fakes/tds-fake';
import { startTnsRefuser } from './fakes/tns-refuser';
import { freePort } from './support/ports';
import { TEST_DATABASE_URL, TEST_MYSQL_URL, TEST_REDIS_URL } from './support/real-servers';

const DEADLINE_MS = 1500;
const MARGIN_MS = 1500;
const MiB = 1024 * 1024;

interface Endpoint {
  name: string;
  host: string;
  port: number;
  /** The engine that really lives there (its own driver is not pointed at it). */
  engine?: EngineType;
  /** The reason every driver must give, when the endpoint says it unambiguously. */
  reason?: DriverError['reason'];
}

const drivers: DatabaseDriver[] = [
  new PostgresDriver(),
  new MysqlDriver(),
  new SqlServerDriver(),
  new OracleDriver(),
  new MongoDbDriver(),
];

const hostPolicy = { mode: 'default' as const, allowCidrs: [], denyCidrs: [] };
const policy = new DnsHostPolicy({ get: () => hostPolicy } as unknown as ConfigService<Settings, true>);

function credentials(type: EngineType, host: string, port: number): ConnectionCredentials {
  return {
    id: '0190a000-0000-7000-8000-000000000001',
    type,
    host,
    port,
    databaseName: 'resilience',
    userName: 'nobody',
    password: 'not-the-password',
    schema: null,
    ssl: null,
    metadata: {},
  };
}

/** Dials like the service does (host policy, then the driver at the approved address) and returns what it threw. */
async function probe(
  driver: DatabaseDriver,
  endpoint: Endpoint,
): Promise<{ error: unknown; elapsed: number }> {
  const context = callContext(DEADLINE_MS);
  const started = Date.now();
  try {
    const stored = credentials(driver.type, endpoint.host, endpoint.port);
    const target = { ...stored, approved: await policy.resolve(stored.host, context.signal) };
    await driver.probe(target, context);
    return { error: undefined, elapsed: Date.now() - started };
  } catch (error) {
    return { error, elapsed: Date.now() - started };
  }
}

const portOf = (url: string | undefined, fallback: number): number =>
  url ? Number(new URL(url).port) || fallback : fallback;

describe('every driver against every wrong port (real PostgreSQL, MariaDB, Redis; wire-protocol fakes, not real servers)', () => {
  const endpoints: Endpoint[] = [];
  const closers: (() => Promise<void>)[] = [];
  let baseline: NodeJS.MemoryUsage;

  beforeAll(async () => {
    if (TEST_DATABASE_URL)
      endpoints.push({
        name: 'PostgreSQL',
        host: '127.0.0.1',
        port: portOf(TEST_DATABASE_URL, 5432),
        engine: 'POSTGRESQL',
      });
    if (TEST_MYSQL_URL)
      endpoints.push({
        name: 'MariaDB',
        host: '127.0.0.1',
        port: portOf(TEST_MYSQL_URL, 3306),
        engine: 'MYSQL',
      });
    if (TEST_REDIS_URL)
      endpoints.push({ name: 'Redis', host: '127.0.0.1', port: portOf(TEST_REDIS_URL, 6379) });

    const mongo = await startMongoWireFake({ users: { someone: 'pw' }, databases: {} });
    const tds = await startTdsFake({
      users: { someone: 'pw' },
      databases: [],
      catalogRows: [],
      catalogTypes: [],
    });
    const tns = await startTnsRefuser({ refuse: 12514 });
    const tnsLoop = await startTnsRefuser('zero-length');
    closers.push(mongo.close, tds.close, tns.close, tnsLoop.close);
    endpoints.push(
      { name: 'MongoDB wire fake', host: '127.0.0.1', port: mongo.port, engine: 'MONGODB' },
      { name: 'TDS fake', host: '127.0.0.1', port: tds.port, engine: 'SQL_SERVER' },
      { name: 'TNS refuser', host: '127.0.0.1', port: tns.port, engine: 'ORACLE' },
      { name: 'zero-length TNS header', host: '127.0.0.1', port: tnsLoop.port },
    );

    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.resume(); // reads everything, never writes
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    endpoints.push({
      name: 'silent port',
      host: '127.0.0.1',
      port: (silent.address() as AddressInfo).port,
      reason: 'TIMEOUT',
    });

    endpoints.push({
      name: 'closed port',
      host: '127.0.0.1',
      port: await freePort(),
      reason: 'CONNECTION_REFUSED',
    });
    endpoints.push({
      name: 'unresolvable name',
      host: 'nothing.invalid',
      port: 5432,
      reason: 'HOST_NOT_FOUND',
    });

    baseline = process.memoryUsage();
  });

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
  });

  for (const driver of drivers) {
    it(`${driver.type}: rejects with a DriverError before the deadline on every wrong endpoint`, async () => {
      const outcomes: string[] = [];
      for (const endpoint of endpoints.filter((candidate) => candidate.engine !== driver.type)) {
        const { error, elapsed } = await probe(driver, endpoint);
        expect(error).toBeInstanceOf(DriverError);
        expect(elapsed).toBeLessThan(DEADLINE_MS + MARGIN_MS);
        const reason = (error as DriverError).reason;
        if (endpoint.reason)
          expect(`${endpoint.name}: ${reason}`).toBe(`${endpoint.name}: ${endpoint.reason}`);
        outcomes.push(`${endpoint.name} → ${reason}@${(error as DriverError).stage}`);
      }
      expect(outcomes.length).toBeGreaterThanOrEqual(6);
    }, 120_000);
  }

  it('MONGODB again and again at the silent port, Redis and PostgreSQL: still a DriverError each time', async () => {
    const mongo = new MongoDbDriver();
    const targets = endpoints.filter((endpoint) =>
      ['silent port', 'Redis', 'PostgreSQL'].includes(endpoint.name),
    );
    for (let round = 0; round < 4; round++) {
      for (const endpoint of targets) {
        const { error, elapsed } = await probe(mongo, endpoint);
        expect(error).toBeInstanceOf(DriverError);
        expect(elapsed).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      }
    }
  }, 120_000);

  it('memory stays flat after the whole matrix', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const now = process.memoryUsage();
    expect((now.heapUsed - baseline.heapUsed) / MiB).toBeLessThan(100);
    expect((now.rss - baseline.rss) / MiB).toBeLessThan(100);
  });
});

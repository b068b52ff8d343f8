/**
 * In-process A/B of the store lookup validate-schema starts with, `findByConfigNames` (10 names of an
 * organization's 50, a product): this tree's TypeOrmConnectionRepository against another tree's
 * (e.g. main's, `git archive main | tar -x -C /tmp/base`), each on its own DataSource with one pooled
 * connection to the same generated store, blocks of 500 calls interleaved over 24 rounds (the first
 * 4 discarded). Per call: wall time, this process's CPU, and the CPU of each side's PostgreSQL backend
 * (/proc), where an unnamed statement is parsed and planned every time.
 *
 *   . /work/testenv && node -r ts-node/register/transpile-only bench/profile/config-names-ab.ts /tmp/base
 * Needs TEST_DATABASE_URL (or BENCH_DATABASE_URL); creates and drops the database cs_bench_config_names.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ConnectionEntity } from '../../src/connections/persistence/connection.entity';
import { ConnectionRepository } from '../../src/connections/persistence/connection.repository';
import { HistoryEventEntity } from '../../src/connections/persistence/history-event.entity';
import { MIGRATIONS } from '../../src/store/migrations';

type EntitySchemaTarget = NonNullable<DataSourceOptions['entities']> extends (infer E)[] ? E : never;

const DATABASE = 'cs_bench_config_names';
const BLOCK = 500;
const ROUNDS = 24;
const DISCARDED = 4;

/** CPU seconds (user + system) of a process so far. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Side {
  label: string;
  repository: Pick<ConnectionRepository, 'findByConfigNames'>;
  dataSource: DataSource;
  backend: number;
  ms: number;
  cpuMs: number;
  backendMs: number;
  calls: number;
}

async function side(label: string, url: string, srcDir: string): Promise<Side> {
  // Each tree's own classes: the entities' TypeORM metadata belongs to the class objects.
  const load = async <T>(file: string, name: string) =>
    ((await import(join(srcDir, file))) as Record<string, T>)[name];
  const entities = [
    await load<EntitySchemaTarget>('connections/persistence/connection.entity', 'ConnectionEntity'),
    await load<EntitySchemaTarget>('connections/persistence/history-event.entity', 'HistoryEventEntity'),
  ];
  const Repository = await load<new (dataSource: DataSource) => Side['repository']>(
    'connections/persistence/typeorm-connection.repository',
    'TypeOrmConnectionRepository',
  );
  const dataSource = await new DataSource({ type: 'postgres', url, entities, extra: { max: 1 } }).initialize();
  const [{ pid }] = await dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
  return { label, repository: new Repository(dataSource), dataSource, backend: pid, ms: 0, cpuMs: 0, backendMs: 0, calls: 0 };
}

async function main(): Promise<void> {
  const beforeSrc = join(resolve(process.argv[2] ?? '/tmp/base'), 'src');
  const serverUrl = String(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE}`;
  const store = await new DataSource({
    type: 'postgres',
    url: url.toString(),
    entities: [ConnectionEntity, HistoryEventEntity],
    migrations: MIGRATIONS,
    migrationsRun: true,
  }).initialize();
  const sides: Side[] = [];
  try {
    for (let n = 0; n < 1000; n++) {
      await store.query(
        `INSERT INTO connections (id, organization_id, product_name, config_name, config_name_key, type, host, port, database_name, user_name, password_sealed, metadata, created_at, updated_at)
         VALUES ($1, $2, 'bench', $3, $4, 'POSTGRESQL', 'h', 5432, 'd', 'u', 'v1:k:n:c', '{}', 1, 1)`,
        [`0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`, `org-${n % 20}`, `Scale_${n}`, `scale_${n}`],
      );
    }
    await store.query('VACUUM ANALYZE connections');
    sides.push(await side(`before (${beforeSrc})`, url.toString(), beforeSrc));
    sides.push(await side('this tree', url.toString(), join(__dirname, '..', '..', 'src')));
    const names = Array.from({ length: 10 }, (_, n) => `Scale_${n * 20}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const one of round % 2 ? sides : [...sides].reverse()) {
        const cpu0 = process.cpuUsage();
        const backend0 = cpuSecondsOf(one.backend);
        const t0 = performance.now();
        for (let n = 0; n < BLOCK; n++) {
          const found = await one.repository.findByConfigNames('org-0', names, 'bench');
          if (found.length !== names.length) throw new Error(`${one.label}: ${found.length} found`);
        }
        if (round < DISCARDED) continue;
        const cpu = process.cpuUsage(cpu0);
        one.ms += performance.now() - t0;
        one.cpuMs += (cpu.user + cpu.system) / 1000;
        one.backendMs += (cpuSecondsOf(one.backend) - backend0) * 1000;
        one.calls += BLOCK;
      }
    }
    for (const one of sides) {
      const perCall = (ms: number) => ((ms * 1000) / one.calls).toFixed(0);
      process.stdout.write(
        `${one.label}: ${one.calls} calls, wall ${perCall(one.ms)} µs/call, node CPU ${perCall(one.cpuMs)} µs/call, PostgreSQL backend CPU ${perCall(one.backendMs)} µs/call\n`,
      );
    }
  } finally {
    for (const one of sides) await one.dataSource.destroy();
    await store.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.end();
  }
}

void main();

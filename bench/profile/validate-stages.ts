/**
 * What one validate-schema call of the validate-scale suite (10 data sources × 20 tables × 50 fields,
 * 85 errors) costs in-process, stage by stage, in a built service: JSON.parse of the body, the
 * body's depth check, the request parser, the lookups in ten cached 20,000-table snapshots, the 422
 * body. Prints µs per call and the bytes allocated per call (heap used before and after 100 calls
 * of a stage, run with a young generation big enough that no collection falls inside). Then a full
 * garbage collection with the ten snapshots in the build's cache, timed (what every major GC of a
 * service holding them marks).
 *
 *   node --expose-gc --max-semi-space-size=256 -r ts-node/register/transpile-only \
 *     bench/profile/validate-stages.ts [built dist, default dist] [tables, default 20000]
 * Pass another build (e.g. main's) to compare; allocation does not depend on the machine's load,
 * µs do.
 */
import { join, resolve } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { generatedColumnName, generatedTableName } from '../catalogs';

interface Snapshot {
  discoveredAt: string;
  tables: Record<string, string[]>;
}
interface Problem {
  type: string;
}
interface Mapped {
  dataSourceId: string;
}
interface Cache {
  set(key: string, snapshot: Snapshot): Promise<unknown>;
  get(key: string): Promise<unknown>;
}

const dist = resolve(process.argv[2] ?? 'dist');
const tables = Number(process.argv[3] ?? 20_000);
/** `require` of a built module of the build under test. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(path: string): T => require(join(dist, path)) as T;
const { parseValidateSchemaRequest } = load<{
  parseValidateSchemaRequest(body: unknown): { dataSources: Mapped[] };
}>('connections/discovery/validate-schema.request');
const { SchemaValidationService } = load<{
  SchemaValidationService: new (...deps: unknown[]) => {
    check(mapped: Mapped, schema: unknown, rules: unknown): Problem[];
  };
}>('connections/discovery/schema-validation.service');
const { nameRulesFor } = load<{ nameRulesFor(source: object): unknown }>('schema/rules/name-rules');
const { nestsDeeperThan } = load<{ nestsDeeperThan(value: unknown, max: number): boolean }>(
  'common/http/json-depth',
);
const { fetErrorBody } = load<{
  fetErrorBody(code: string, fields?: object, extra?: object): object;
}>('common/errors/fet-error-body');
const { MemorySchemaCache } = load<{ MemorySchemaCache: new (options: object) => Cache }>(
  'schema/cache/memory-schema-cache',
);

/** The suite's request (bench/suites/validate-scale.suite.ts, same seed). */
function body(names: string[]): string {
  let state = 16;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (count: number) => 1 + Math.floor(next() * count);
  const mapped: Record<string, Record<string, string[]>> = {};
  names.forEach((name, source) => {
    const asked: Record<string, string[]> = {};
    while (Object.keys(asked).length < 17) {
      const table = generatedTableName(pick(200));
      const key = next() < 0.25 ? `public.${table}` : table;
      const fields = Array.from({ length: 50 }, () => generatedColumnName(pick(20)));
      if (next() < 0.2) fields[pick(50) - 1] = `c${pick(20)}x`;
      if (next() < 0.1) fields[pick(50) - 1] = 'amount_total';
      asked[key] = fields;
    }
    const near = generatedTableName(pick(200));
    asked[near.toUpperCase()] = ['id'];
    asked[`${near.slice(0, -1)}x`] = ['id'];
    asked[`sales_orders_${2010 + source}`] = ['id'];
    mapped[name] = asked;
  });
  return JSON.stringify({ mappedFields: mapped });
}

const heapUsed = () =>
  getHeapSpaceStatistics().reduce((sum, space) => sum + space.space_used_size, 0);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  if (!gc) throw new Error('run with node --expose-gc');
  const names = Array.from({ length: 10 }, (_, index) => `scale_${index}`);
  const text = body(names);
  const columns = Array.from({ length: 20 }, (_, index) => generatedColumnName(index + 1));
  const cache = new MemorySchemaCache({ ttlSeconds: 3600, maxNames: 10_000_000 });
  const schemas: unknown[] = [];
  for (const name of names) {
    const catalog: Record<string, string[]> = {};
    // Names as a driver hands them: new strings, not shared.
    for (let table = 1; table <= tables; table++)
      catalog[generatedTableName(table)] = columns.map((column) => Buffer.from(column).toString());
    await cache.set(name, { discoveredAt: new Date().toISOString(), tables: catalog });
    schemas.push(await cache.get(name));
  }
  const service = new SchemaValidationService(undefined, undefined, undefined);
  const rules = nameRulesFor({ type: 'POSTGRESQL', schema: null, userName: 'bench' });
  const check = (request: { dataSources: Mapped[] }) =>
    request.dataSources.flatMap((mapped, index) => service.check(mapped, schemas[index], rules));

  const parsed = JSON.parse(text) as unknown;
  const request = parseValidateSchemaRequest(parsed);
  const errors = check(request);
  const stages: Array<[string, () => unknown]> = [
    ['JSON.parse of the body', () => JSON.parse(text) as unknown],
    ['depth check', () => nestsDeeperThan(parsed, 32)],
    ['request parser', () => parseValidateSchemaRequest(parsed)],
    [`lookups (${errors.length} errors)`, () => check(request)],
    ['422 body', () => JSON.stringify(fetErrorBody('FET-1060', undefined, { errors }))],
  ];
  process.stdout.write(`${dist}: ${tables} tables, body ${text.length} bytes\n`);
  for (const [label, stage] of stages) {
    for (let call = 0; call < 300; call++) stage();
    gc();
    const before = heapUsed();
    for (let call = 0; call < 100; call++) stage();
    const bytes = (heapUsed() - before) / 100;
    const started = process.hrtime.bigint();
    for (let call = 0; call < 1000; call++) stage();
    const micros = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(
      `  ${label}: ${micros.toFixed(0)} µs, ${(bytes / 1024).toFixed(1)} KB allocated per call\n`,
    );
  }
  const pauses: string[] = [];
  for (let run = 0; run < 5; run++) {
    const started = process.hrtime.bigint();
    gc();
    pauses.push((Number(process.hrtime.bigint() - started) / 1e6).toFixed(0));
  }
  const heap = process.memoryUsage().heapUsed / 1e6;
  process.stdout.write(
    `  full GC with the 10 snapshots cached: ${pauses.join(' / ')} ms; heap used ${heap.toFixed(0)} MB\n`,
  );
}

void main();

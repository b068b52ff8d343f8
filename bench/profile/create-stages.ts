/**
 * Where a create's CPU goes, stage by stage, in one process: the BUILT service (`dist/`, or
 * BENCH_SERVICE_DIR) booted in-process on a throwaway PostgreSQL database, and each stage of
 * `POST /v1/management/connections` called on its own over the crud suite's bodies, timed with
 * `process.cpuUsage()` (CPU time, which a busy machine distorts far less than wall time):
 * body parsing (JSON.parse), the global validation pipe (class-validator + class-transformer, the
 * host-policy rule included), sealing and building the domain object, the history event, the store
 * write (service side only; the statement runs on PostgreSQL), the response DTO and its JSON, and the
 * whole HTTP request over loopback (client and server in this process: an upper bound).
 *
 *   npx ts-node --transpile-only bench/profile/create-stages.ts
 *   BENCH_STAGE_COUNT (calls per stage, default 5000), BENCH_STAGES (substrings of the stage names to run)
 */
import { request as httpRequest, Agent } from 'node:http';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { v7 as uuidv7 } from 'uuid';
import { CreateInput, floorPool, insert as floorInsert } from '../floors/floor-sql';
import { BENCH_KEY_ID, BenchContext, SERVICE_DIR } from '../harness';
import { connectionBody } from '../suites/crud.suite';

const COUNT = Math.max(500, Number(process.env.BENCH_STAGE_COUNT) || 5000);

/** `require` of a built module of the service under test. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const built = <T>(path: string): T => require(join(SERVICE_DIR, path)) as T;

/** CPU µs (user, system) per call of `step` over `count` calls, `inFlight` at a time (sequential when 1). */
async function cpuPerCall(count: number, step: (n: number) => unknown, inFlight = 1): Promise<{ user: number; system: number }> {
  for (let n = 0; n < Math.min(500, count); n++) await step(n); // warm-up
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await step(next++);
    }),
  );
  const used = process.cpuUsage(before);
  return { user: used.user / count, system: used.system / count };
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        agent,
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/v1/management/connections',
        headers: { 'content-type': 'application/json', 'x-product-name': 'bench-product', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const ctx = new BenchContext();
  try {
    const database = await ctx.createDatabase();
    Object.assign(process.env, {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      DATABASE_URL: database.url,
      ENCRYPTION_KEYS: `${BENCH_KEY_ID}:${Buffer.alloc(32, 7).toString('base64')}`,
      ENCRYPTION_ACTIVE_KEY_ID: BENCH_KEY_ID,
      PORT: '0',
    });
    
    const { AppModule } = built<typeof import('../../src/app.module')>('app.module');
    const { configureApp } = built<typeof import('../../src/app.setup')>('app.setup');
    const { FetValidationPipe } = built<typeof import('../../src/common/validation/fet-validation.pipe')>('common/validation/fet-validation.pipe');
    const { CreateConnectionDto } = built<typeof import('../../src/connections/dto/create-connection.dto')>('connections/dto/create-connection.dto');
    const { ConnectionResponseDto } = built<typeof import('../../src/connections/dto/connection-response.dto')>('connections/dto/connection-response.dto');
    const { sealNewConnection } = built<typeof import('../../src/connections/domain/new-connection')>('connections/domain/new-connection');
    const { historyEvent } = built<typeof import('../../src/connections/history/audit-context')>('connections/history/audit-context');
    const { connectionChanges } = built<typeof import('../../src/connections/history/connection-changes')>('connections/history/connection-changes');
    const { SecretCipher } = built<typeof import('../../src/crypto/secret-cipher')>('crypto/secret-cipher');
    const { ConnectionRepository } = built<typeof import('../../src/connections/persistence/connection.repository')>('connections/persistence/connection.repository');
    const { connectionETag } = built<typeof import('../../src/connections/domain/connection')>('connections/domain/connection');
    

    const app: INestApplication = await NestFactory.create(AppModule.forRoot(), { bodyParser: false, logger: false });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer() as { address(): { port: number } }).address().port;

    const pipe = new FetValidationPipe();
    const cipher = app.get(SecretCipher, { strict: false });
    const repository = app.get(ConnectionRepository, { strict: false });
    const tag = Math.random().toString(36).slice(2, 8);
    const bodies = Array.from({ length: 1000 }, (_value, n) => connectionBody(`stage-${tag}-${n}`, n));
    const texts = bodies.map((body) => JSON.stringify(body));
    const metadata = { type: 'body' as const, metatype: CreateConnectionDto, data: undefined };
    const validated = (await Promise.all(bodies.map((body) => pipe.transform(structuredClone(body), metadata)))) as InstanceType<typeof CreateConnectionDto>[];
    const audit = { actor: 'anonymous', requestId: '00000000-0000-4000-8000-000000000000' };
    const scope = { organizationId: 'default', productName: 'bench-product' };
    const seal = (n: number) =>
      sealNewConnection(
        cipher,
        { id: uuidv7(), organizationId: scope.organizationId, productName: scope.productName, now: new Date(), provisioned: false },
        validated[n % validated.length],
      );
    const sealed = Array.from({ length: 1000 }, (_value, n) => seal(n));
    let inserted = 0;
    const floor = floorPool(database.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    let posted = 0;

    const stages: [string, (n: number) => unknown, number?][] = [
      ['JSON.parse of the body', (n) => JSON.parse(texts[n % texts.length]) as unknown],
      ['validation pipe (class-transformer + class-validator)', (n) => pipe.transform(JSON.parse(texts[n % texts.length]), metadata)],
      ['seal + domain object (sealNewConnection, uuid v7)', (n) => seal(n)],
      ['history event (connectionChanges + historyEvent)', (n) => historyEvent(audit, sealed[n % sealed.length], 'created', new Date(), { changes: connectionChanges(null, sealed[n % sealed.length]) })],
      [
        'store write: connection + event, 16 in flight (service side)',
        () => {
          const connection = { ...seal(inserted), id: uuidv7(), configName: `stage-${tag}-w${inserted++}` };
          return repository.insert(connection, [historyEvent(audit, connection, 'created', connection.createdAt, { changes: connectionChanges(null, connection) })]);
        },
        16,
      ],
      [
        'store write without its event, 16 in flight (service side)',
        () => {
          const connection = { ...seal(inserted), id: uuidv7(), configName: `stage-${tag}-w${inserted++}` };
          return repository.insert(connection, []);
        },
        16,
      ],
      [
        'floor: pg Pool INSERT of the floor programs (bench/floors/floor-sql.ts), 16 in flight',
        () => {
          const n = inserted++;
          return floorInsert(floor, { ...bodies[n % bodies.length], configName: `stage-${tag}-f${n}` } as unknown as CreateInput, 'bench-product');
        },
        16,
      ],
      ['response DTO + ETag + JSON.stringify', (n) => JSON.stringify(ConnectionResponseDto.from(sealed[n % sealed.length])) + connectionETag(sealed[n % sealed.length])],
      [
        'whole POST over loopback, 16 in flight (client + server in this process)',
        async () => {
          const n = posted++;
          const status = await post(agent, port, JSON.stringify(connectionBody(`stage-${tag}-h${n}`, n)));
          if (status !== 201) throw new Error(`POST answered ${status}`);
        },
        16,
      ],
    ];
    process.stdout.write(`\n${COUNT} calls per stage, CPU µs per call (service ${SERVICE_DIR})\n\n| stage | CPU µs/call | user | system |\n| --- | --- | --- | --- |\n`);
    const only = (process.env.BENCH_STAGES ?? '').split(',').filter(Boolean);
    for (const [name, step, inFlight] of stages) {
      if (only.length > 0 && !only.some((part) => name.includes(part))) continue;
      const { user, system } = await cpuPerCall(COUNT, step, inFlight);
      process.stdout.write(`| ${name} | ${(user + system).toFixed(1)} | ${user.toFixed(1)} | ${system.toFixed(1)} |\n`);
    }
    agent.destroy();
    await floor.end();
    await app.close();
  } finally {
    await ctx.dispose();
  }
}

void main();

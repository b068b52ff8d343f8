/**
 * The global validation pipe of two or more BUILT services (dist directories) in one process, on the
 * crud suite's create bodies: CPU µs per `transform` (JSON.parse of the body included), the builds
 * alternating in batches so that machine noise hits each alike; prints the 10th percentile and the
 * median over the batches. The host-policy rule gets a stub policy (nothing forbidden), so the figures
 * are the pipe's own cost, not the WHATWG parse of the host.
 *
 *   npx ts-node --transpile-only bench/profile/validation-pipe-ab.ts /tmp/before/dist dist
 *   BENCH_PIPE_BATCHES (default 40), BENCH_PIPE_BATCH (calls per batch, default 2000)
 * A dist outside this repository needs a node_modules beside it (a symlink to this one's).
 */
import { resolve } from 'node:path';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { useContainer } from 'class-validator';
import { connectionBody } from '../suites/crud.suite';

const BATCHES = Number(process.env.BENCH_PIPE_BATCHES) || 40;
const BATCH = Number(process.env.BENCH_PIPE_BATCH) || 2000;
const WARM_UP_BATCHES = 5;

interface Build {
  dir: string;
  pipe: PipeTransform;
  dto: unknown;
  rule: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(dir: string, path: string): T => require(resolve(dir, path)) as T;

function build(dir: string): Build {
  const { FetValidationPipe } = load<{ FetValidationPipe: new () => PipeTransform }>(dir, 'common/validation/fet-validation.pipe');
  const { CreateConnectionDto } = load<{ CreateConnectionDto: unknown }>(dir, 'connections/dto/create-connection.dto');
  const { AllowedHostRule } = load<{ AllowedHostRule: unknown }>(dir, 'connections/dto/allowed-host.rule');
  return { dir, pipe: new FetValidationPipe(), dto: CreateConnectionDto, rule: AllowedHostRule };
}

async function main(): Promise<void> {
  const builds = process.argv.slice(2).map(build);
  if (builds.length === 0) throw new Error('usage: validation-pipe-ab.ts <dist> [<dist>...]');
  const policy = { isLiteralForbidden: () => false, isForbiddenBehindTunnel: () => false };
  const rules = new Map<unknown, unknown>(
    builds.map(({ rule }) => [rule, new (rule as new (p: typeof policy) => unknown)(policy)]),
  );
  useContainer({ get: (type: unknown) => rules.get(type) }, { fallback: true });
  const texts = Array.from({ length: 1000 }, (_value, n) => JSON.stringify(connectionBody(`pipe-ab-${n}`, n)));
  const perBatch = builds.map((): number[] => []);
  for (let batch = 0; batch < BATCHES + WARM_UP_BATCHES; batch++) {
    for (const [index, { pipe, dto }] of builds.entries()) {
      const metadata = { type: 'body', metatype: dto, data: undefined } as ArgumentMetadata;
      const before = process.cpuUsage();
      for (let n = 0; n < BATCH; n++) await pipe.transform(JSON.parse(texts[n % texts.length]), metadata);
      const used = process.cpuUsage(before);
      if (batch >= WARM_UP_BATCHES) perBatch[index].push((used.user + used.system) / BATCH);
    }
  }
  process.stdout.write('| build | p10 µs/transform | median µs/transform |\n| --- | --- | --- |\n');
  for (const [index, { dir }] of builds.entries()) {
    const sorted = [...perBatch[index]].sort((a, b) => a - b);
    const at = (share: number) => sorted[Math.floor(sorted.length * share)].toFixed(1);
    process.stdout.write(`| ${dir} | ${at(0.1)} | ${at(0.5)} |\n`);
  }
}

void main();

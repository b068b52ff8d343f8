/**
 * `npm run bench -- fastify`: get and list on PostgreSQL through HTTP_ADAPTER=fastify, next to the
 * same build on express (the default), the two framework floors (minimal Nest + express, minimal Nest
 * + fastify, same SQL) and the floor (node:http + pg, same SQL), all in one run. The goal (issue 17):
 * the service on fastify at 0.8× the floor or better. Targets are interleaved over BENCH_ROUNDS rounds
 * and each row is the median, as in the crud suite; the data is the crud suite's 1,000 seeded rows.
 */
import { BenchRow, BenchSuite, RunningServer, SETTINGS, selected } from '../harness';
import { medianRows, scenarios, seededStore } from './crud.suite';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Target {
  target: string;
  baseline?: boolean;
  start(): Promise<RunningServer>;
}

const suite: BenchSuite = {
  name: 'fastify',
  async run(ctx) {
    const { env, ids } = await seededStore(ctx);

    const all: Target[] = [
      {
        target: 'service HTTP_ADAPTER=fastify',
        start: () => ctx.startService({ ...env, HTTP_ADAPTER: 'fastify' }),
      },
      {
        target: 'service HTTP_ADAPTER=express',
        start: () => ctx.startService({ ...env, HTTP_ADAPTER: 'express' }),
      },
      {
        target: 'framework floor, fastify',
        start: () =>
          ctx.startFloor('bench/floors/minimal-nest.ts', { ...env, FLOOR_ADAPTER: 'fastify' }),
      },
      {
        target: 'framework floor',
        baseline: true,
        start: () => ctx.startFloor('bench/floors/minimal-nest.ts', env),
      },
      {
        target: 'floor',
        baseline: true,
        start: () => ctx.startFloor('bench/floors/bare-http-pg.ts', env),
      },
    ];
    const targets = all.filter((target) => selected(SETTINGS.targets, target.target));
    const { get, list } = scenarios(ids);
    const rounds: BenchRow[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const target of targets) {
        const server = await target.start();
        try {
          for (const [scenario, requests] of Object.entries({ get, list })) {
            if (!selected(SETTINGS.scenarios, scenario)) continue;
            rounds.push(
              await ctx.measure(
                { scenario, target: target.target, baseline: target.baseline },
                { url: server.url, requests, server },
              ),
            );
          }
        } finally {
          await server.stop();
        }
      }
    }
    const order = ['get', 'list'];
    return medianRows(rounds).sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
  },
};

export default suite;

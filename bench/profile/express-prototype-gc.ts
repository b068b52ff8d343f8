/**
 * What express 5's per-request `Object.setPrototypeOf(req, app.request)` (app.handle) costs the
 * garbage collector, apart from everything else: a tiny JSON route served by each variant in its
 * own process (`--trace-gc-nvp`, a 16 MB young generation), called sequentially on one keep-alive
 * connection; prints, per variant, the mean KB that survived and were promoted per young
 * collection and its pause.
 *  - `http`: node:http alone;
 *  - `express`: express 5 as Nest's ExpressAdapter serves it (requests re-prototyped per call);
 *  - `express-born`: the same app on a server whose requests and responses are born with express's
 *    prototypes (src/common/http/express-born-adapter.ts), so setPrototypeOf changes nothing;
 *  - `express-born-construct`: the same, the objects built with `Reflect.construct(base, args, born)`
 *    instead of running Node's constructor on `this`.
 *
 *   npx ts-node --transpile-only bench/profile/express-prototype-gc.ts [requests, default 20000]
 */
import { spawn } from 'node:child_process';
import { Agent, IncomingMessage, ServerResponse, createServer, get } from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';

const VARIANTS = ['http', 'express', 'express-born', 'express-born-construct'] as const;
type Variant = (typeof VARIANTS)[number];

function serve(variant: Variant): void {
  const answer = (_req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  };
  const app = express();
  app.get('/x', answer);
  const born = (base: typeof IncomingMessage | typeof ServerResponse, prototype: object) => {
    const construct = function (this: object, ...args: unknown[]): object | void {
      if (variant === 'express-born-construct')
        return Reflect.construct(base, args, construct) as object;
      (base as unknown as (...args: unknown[]) => void).apply(this, args);
    };
    construct.prototype = prototype;
    return construct;
  };
  const server =
    variant === 'http'
      ? createServer(answer)
      : variant === 'express'
        ? createServer(app)
        : createServer(
            {
              IncomingMessage: born(
                IncomingMessage,
                app.request,
              ) as unknown as typeof IncomingMessage,
              ServerResponse: born(
                ServerResponse,
                app.response,
              ) as unknown as typeof ServerResponse,
            },
            app,
          );
  server.listen(0, '127.0.0.1', () => {
    process.send?.((server.address() as AddressInfo).port);
  });
}

async function measure(variant: Variant, requests: number): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      '--min-semi-space-size=16',
      '--trace-gc-nvp',
      '-r',
      'ts-node/register/transpile-only',
      __filename,
      'serve',
      variant,
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const port = await new Promise<number>((resolve) =>
    child.once('message', (message) => resolve(Number(message))),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < requests; i += 1) {
    await new Promise<void>((resolve, reject) =>
      get({ host: '127.0.0.1', port, path: '/x', agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      }).on('error', reject),
    );
  }
  agent.destroy();
  child.kill();
  await new Promise((resolve) => child.once('exit', resolve));
  // The last young collections, once the young generation has grown to its size.
  const lines = log
    .split('\n')
    .filter((line) => line.includes('gc=s '))
    .slice(-6);
  const mean = (name: string) =>
    lines.reduce(
      (sum, line) => sum + Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0),
      0,
    ) / Math.max(1, lines.length);
  return (
    `${variant.padEnd(13)} ${lines.length} young GCs: ${(mean('allocated') / 1024).toFixed(0)} KB allocated, ` +
    `${(mean('new_space_survived') / 1024).toFixed(0)} KB survived, ${(mean('promoted') / 1024).toFixed(0)} KB promoted, ` +
    `${mean('pause').toFixed(2)} ms pause each`
  );
}

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve(process.argv[3] as Variant);
  const requests = Number(process.argv[2] ?? 20_000);
  for (const variant of VARIANTS) process.stdout.write(`${await measure(variant, requests)}\n`);
}

void main();

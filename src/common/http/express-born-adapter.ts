import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';

/** Node's request and response constructors: functions that build `this` (not ES classes). */
type NodeConstructor = typeof IncomingMessage | typeof ServerResponse;

/**
 * A constructor for Node's HTTP server (its `IncomingMessage` / `ServerResponse` option) whose
 * instances are built by `base` and born with `prototype`. `base` runs on the new object itself
 * (`base.call(this, ...)`, as Node's own subclasses do): building the object with
 * `Reflect.construct(base, args, born)` instead kept ~0.9 MB of requests per young collection
 * alive (bench/profile/express-prototype-gc.ts).
 */
function bornWith<T extends NodeConstructor>(base: T, prototype: object): T {
  const born = function (this: object, ...args: unknown[]): void {
    (base as unknown as (...args: unknown[]) => void).apply(this, args);
  };
  born.prototype = prototype;
  return born as unknown as T;
}

/**
 * Nest's express adapter, with requests and responses created with express's own prototypes.
 *
 * Express 5 gives every request and response its prototype when it starts handling them
 * (`Object.setPrototypeOf(req, app.request)` in `app.handle`). Changing the prototype of a live
 * object makes V8 keep it, and all a request holds (body, parsed JSON, store rows), through
 * young-generation collections into the old generation: on a sequential GET, 2.3 MB promoted per
 * young collection and pauses 10× longer than without it (docs/benchmarks.md, validate-scale,
 * session 8). Node's server builds its requests and responses with the classes it is given, so
 * here they are born with `app.request` / `app.response`; express's `setPrototypeOf` then sets the
 * prototype they already have, which changes nothing. The objects and their prototype chain are
 * the same as express makes them.
 */
export class ExpressBornAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // HTTPS and Nest's own connection tracking stay as Nest builds them (the service uses neither).
    if (options?.httpsOptions || options?.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<
      Parameters<typeof createServer>[1] & { request: object; response: object }
    >();
    this.httpServer = createServer(
      {
        IncomingMessage: bornWith<typeof IncomingMessage>(IncomingMessage, app.request),
        ServerResponse: bornWith<typeof ServerResponse>(ServerResponse, app.response),
      },
      app,
    );
  }
}

import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';

type Constructor = new (...args: never[]) => object;

/**
 * A constructor for Node's HTTP server (its `IncomingMessage` / `ServerResponse` option) whose
 * instances are built by `base` and born with `prototype`.
 */
function bornWith<T extends Constructor>(base: T, prototype: object): T {
  const born = function (...args: unknown[]): object {
    return Reflect.construct(base, args, born) as object;
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

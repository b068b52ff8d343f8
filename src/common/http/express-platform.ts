import { IncomingMessage, ServerResponse } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { ExpressBornAdapter } from './express-born-adapter';
import { jsonBodyReader } from './json-body-reader';

/**
 * Express under Nest (HTTP_ADAPTER=express, the default). Express names itself (`X-Powered-By`)
 * and tags every body with a weak ETag of its own (errors included); we send neither: the one
 * ETag is a connection's version. Nor does it answer a conditional GET with an empty 304
 * (`If-None-Match: *` made every GET "fresh"): the contract offers no conditional GET.
 */
export const expressPlatform = {
  createAdapter: (): ExpressBornAdapter => new ExpressBornAdapter(),

  configure(app: INestApplication): void {
    const instance = app.getHttpAdapter().getInstance() as {
      set(setting: string, value: unknown): unknown;
      request: object;
    };
    instance.set('x-powered-by', false);
    instance.set('etag', false);
    Object.defineProperty(instance.request, 'fresh', { configurable: true, get: () => false });
    const read = jsonBodyReader();
    app.use(
      (request: IncomingMessage, _response: ServerResponse, next: (error?: unknown) => void) =>
        read(request, next),
    );
  },

  init: async (app: INestApplication): Promise<void> => {
    await app.init();
  },

  listen: (app: INestApplication, port: number): Promise<unknown> => app.listen(port),
};

import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FetErrorCode } from '../errors/fet-error-code';
import { FET_ERROR_CATALOG } from '../errors/fet-error-catalog';
import { fetErrorBody } from '../errors/fet-error-body';
import { jsonBodyReader } from './json-body-reader';

/** What Node's HTTP server does by default and Express leaves alone, Fastify would change: kept as Node has it. */
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;
const NODE_REQUEST_TIMEOUT_MS = 300_000;
/** find-my-way refuses a path parameter longer than this (default 100) with a 414; Express has no such limit. */
const MAX_PARAM_LENGTH = 64 * 1024;

type RawRequest = IncomingMessage & { id?: string; body?: unknown; route?: { path?: string } };

/**
 * Fastify under Nest (HTTP_ADAPTER=fastify), made to answer exactly as Express does:
 *
 * - routing: case-insensitive, a trailing slash ignored, no limit on a parameter's length (as the
 *   Express router); Node's keep-alive and request timeouts (Fastify would set its own);
 * - request ids: the id the RequestObserver gave the Node request is Fastify's `request.id`;
 * - bodies: Fastify's own parsers are removed; every body, of every method (GET included, as
 *   body-parser reads one), goes through the one JSON reader of both adapters (json-body-reader.ts),
 *   so a bad body is refused with the same errors, through the same filter;
 * - a URL Fastify cannot decode, refused before any route, answers 400 FET-0001;
 * - the route pattern of the request is put where Express puts it (`request.route.path`) for the
 *   request log line and the metrics.
 */
export const fastifyPlatform = {
  createAdapter: (): FastifyAdapter =>
    new FastifyAdapter({
      genReqId: (request: IncomingMessage) => (request as RawRequest).id ?? randomUUID(),
      requestIdHeader: false,
      keepAliveTimeout: NODE_KEEP_ALIVE_TIMEOUT_MS,
      requestTimeout: NODE_REQUEST_TIMEOUT_MS,
      routerOptions: {
        caseSensitive: false,
        ignoreTrailingSlash: true,
        maxParamLength: MAX_PARAM_LENGTH,
      },
      frameworkErrors: (_error: Error, _request: FastifyRequest, reply: FastifyReply) => {
        const code = FetErrorCode.BadRequest;
        void reply.code(FET_ERROR_CATALOG[code].status).send(fetErrorBody(code));
      },
    }),

  configure(app: INestApplication): void {
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    fastify.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
    fastify.addHttpMethod('HEAD', { hasBody: true, overrideExisting: true });
    fastify.removeAllContentTypeParsers();
    const read = jsonBodyReader();
    fastify.addContentTypeParser(
      '*',
      (
        request: FastifyRequest,
        _payload: unknown,
        done: (error: Error | null, body?: unknown) => void,
      ) => {
        const raw = request.raw as RawRequest;
        read(raw, (error) => done((error as Error | undefined) ?? null, raw.body));
      },
    );
    fastify.addHook(
      'onRequest',
      (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
        const path = request.routeOptions.url;
        if (path !== undefined) (request.raw as RawRequest).route = { path };
        done();
      },
    );
  },

  /** Fastify builds its router once ready: until then a request on the server is not routed. */
  init: async (app: INestApplication): Promise<void> => {
    await app.init();
    await (app.getHttpAdapter().getInstance() as FastifyInstance).ready();
  },

  /** Fastify alone would listen on `localhost` only: every interface, as Node (and Express) does. */
  listen: (app: INestApplication, port: number): Promise<unknown> => app.listen(port, '::'),
};

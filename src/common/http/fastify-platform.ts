import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FetErrorCode } from '../errors/fet-error-code';
import { FET_ERROR_CATALOG } from '../errors/fet-error-catalog';
import { fetErrorBody } from '../errors/fet-error-body';
import { jsonBodyReader } from './json-body-reader';
import { RouteCatalog } from './route-catalog';

/** What Node's HTTP server does by default and Express leaves alone, Fastify would change: kept as Node has it. */
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;
const NODE_REQUEST_TIMEOUT_MS = 300_000;
/** find-my-way refuses a path parameter longer than this (default 100) with a 414; Express has no such limit. */
const MAX_PARAM_LENGTH = 64 * 1024;

type RawRequest = IncomingMessage & { id?: string; body?: unknown; route?: { path?: string } };

/** The routes of each app's server, for what Fastify refuses before routing (an undecodable URL). */
const ROUTES = new WeakMap<object, RouteCatalog>();

/**
 * A path whose percent-encoding cannot be decoded, which Fastify refuses before routing: as Express
 * answers it, 400 FET-0001 when a route declares that path (its parameter cannot be decoded), else
 * 404 FET-0005.
 */
function answerUndecodableUrl(request: FastifyRequest, reply: FastifyReply): void {
  const routes = ROUTES.get(request.server.server);
  const code = routes?.knowsPath(request.raw.url ?? '/')
    ? FetErrorCode.BadRequest
    : FetErrorCode.RouteNotFound;
  void reply.code(FET_ERROR_CATALOG[code].status).send(fetErrorBody(code));
}

/**
 * The Content-Type of a text answer as Express's res.send() writes it: charset utf-8, parameters in
 * name order (`text/html` → `text/html; charset=utf-8`; prom-client's `text/plain; version=0.0.4;
 * charset=utf-8` → `text/plain; charset=utf-8; version=0.0.4`).
 */
export function expressTextType(type: string): string {
  const [mediaType = '', ...parameters] = type.split(';').map((part) => part.trim());
  const named = parameters.filter(
    (parameter) => parameter !== '' && !parameter.toLowerCase().startsWith('charset='),
  );
  const byName = (parameter: string) => parameter.slice(0, parameter.indexOf('=')).toLowerCase();
  return [
    mediaType,
    ...[...named, 'charset=utf-8'].sort((a, b) => byName(a).localeCompare(byName(b))),
  ].join('; ');
}

/** expressTextType of each Content-Type the service answers with (a handful: JSON, HTML, text, /metrics). */
const TEXT_TYPES = new Map<string, string>();
const MAX_TEXT_TYPES = 64;

/** expressTextType, computed once per distinct Content-Type: it runs on every JSON answer. */
function expressTextTypeOnce(type: string): string {
  let written = TEXT_TYPES.get(type);
  if (written === undefined) {
    written = expressTextType(type);
    if (TEXT_TYPES.size < MAX_TEXT_TYPES) TEXT_TYPES.set(type, written);
  }
  return written;
}

/** A static file's Content-Type as Express's static files name it: JavaScript is `text/javascript` (RFC 9239). */
function expressStaticType(type: string): string {
  return type.replace(/^application\/javascript\b/i, 'text/javascript');
}

/**
 * Fastify under Nest (HTTP_ADAPTER=fastify), made to answer exactly as Express does:
 *
 * - routing: case-insensitive, a trailing slash ignored, no limit on a parameter's length (as the
 *   Express router); Node's keep-alive and request timeouts (Fastify would set its own);
 * - request ids: the id the RequestObserver gave the Node request is Fastify's `request.id`;
 * - bodies: Fastify parses none; every body, of every method (GET included, as body-parser reads
 *   one), goes through the one JSON reader of both adapters (json-body-reader.ts), so a bad body or
 *   Content-Type is refused with the same errors, through the same filter;
 * - a URL Fastify cannot decode, refused before any route, answers as Express does (400 or 404);
 * - Content-Type written as Express writes it (the charset of text answers, static JavaScript);
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
      frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) =>
        answerUndecodableUrl(request, reply),
    }),

  configure(app: INestApplication): void {
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    ROUTES.set(fastify.server, app.get(RouteCatalog));
    // Content types as Express writes them: a text answer names its charset (the Swagger UI page, its
    // script, /metrics), a static JavaScript file (the Swagger UI's) is text/javascript.
    fastify.addHook(
      'onSend',
      (
        _request: FastifyRequest,
        reply: FastifyReply,
        payload: unknown,
        done: (error: null, payload: unknown) => void,
      ) => {
        const type = reply.getHeader('content-type');
        if (typeof type === 'string') {
          const written =
            typeof payload === 'string' ? expressTextTypeOnce(type) : expressStaticType(type);
          if (written !== type) void reply.header('content-type', written);
        }
        done(null, payload);
      },
    );
    // Fastify reads no body itself (it would refuse a Content-Type it cannot parse with a 415 before
    // any route, and skip the body of a GET): every method is bodyless to it, and the one reader of
    // both adapters reads the body of every request, before the route's guards and pipes.
    for (const method of fastify.supportedMethods)
      fastify.addHttpMethod(method, { hasBody: false, overrideExisting: true });
    const read = jsonBodyReader();
    fastify.addHook(
      'preValidation',
      (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
        const raw = request.raw as RawRequest;
        read(raw, (error) => {
          if (error) return done(error as Error);
          request.body = raw.body;
          done();
        });
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

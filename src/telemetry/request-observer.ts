import { randomUUID } from 'node:crypto';
import { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { answerClientError, refuseWithoutHost } from '../common/http/client-error-answer';
import { loggableUrl } from '../common/http/loggable-url';
import { requestId } from '../common/http/request-id';
import { FET_ERROR_CATALOG } from '../common/errors/fet-error-catalog';
import { APP_LOGGER } from './app-logger';
import { HttpMetrics, UNMATCHED_ROUTE } from './http-metrics';

type ObservedRequest = IncomingMessage & { id?: string; route?: { path?: unknown } };

/** The route pattern that served the request (`/v1/management/connections/:id`), never the raw URL. */
function routeOf(request: ObservedRequest): string | undefined {
  const path = request.route?.path;
  return typeof path === 'string' && !path.includes('*') ? path : undefined;
}

/**
 * Gives every request its id (honoured or made, echoed in `X-Request-Id`), and when the response is
 * finished (or the client went away) writes one JSON log line — id, method, url (credentials in it
 * redacted), route pattern, status, duration — and feeds the duration histogram of /metrics.
 *
 * It listens on the HTTP server itself, ahead of the framework, rather than as two Nest middlewares
 * (pino-http, nestjs-pino's request-scoped AsyncLocalStorage and two router layers cost much of a
 * GET's CPU; docs/benchmarks.md has the measurement). The log line is built only from the fields
 * above, so it needs no redaction pass; the app logger redacts everything else.
 */
@Injectable()
export class RequestObserver {
  /** Request lines hold only the fields above, never a secret: a child without the redaction pass. */
  private readonly logger: Logger;

  constructor(
    @Inject(APP_LOGGER) appLogger: Logger,
    private readonly metrics: HttpMetrics,
  ) {
    this.logger = appLogger.child({}, { redact: { paths: [] } });
  }

  attach(server: Server): void {
    // Node answers two kinds of request itself with a bare status line (no FET body, no request
    // id) before any listener runs: an HTTP/1.1 request without Host (400) and an Expect other
    // than 100-continue (417). Both come through here instead: the first is refused with the FET
    // body, the second is served (RFC 9110 §10.1.1 lets a server ignore an expectation it does
    // not know). The framework's listeners run after ours, and not at all for a refused request.
    (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
    const framework = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (request: ObservedRequest, response: ServerResponse) => {
      this.observe(request, response);
      if (request.httpVersion === '1.1' && request.headers.host === undefined) {
        refuseWithoutHost(response);
        return;
      }
      for (const listener of framework) listener.call(server, request, response);
    });
    server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) =>
      server.emit('request', request, response),
    );
    // A framework's own answer to a parser error (Fastify writes one) would race ours: ours alone answers.
    server.removeAllListeners('clientError');
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
      this.refuse(error, socket),
    );
  }

  /** What Node's parser refused before a request existed: answered, counted and logged like a request. */
  private refuse(error: NodeJS.ErrnoException, socket: Socket): void {
    const id = randomUUID();
    const code = answerClientError(error, socket, id);
    if (code === undefined) return;
    const statusCode = FET_ERROR_CATALOG[code].status;
    this.metrics.observe('UNKNOWN', UNMATCHED_ROUTE, statusCode, 0);
    if (this.logger.isLevelEnabled('info')) {
      this.logger.info(
        { req: { id }, res: { statusCode }, code, parserError: error.code },
        'request refused by the HTTP parser',
      );
    }
  }

  private observe(request: ObservedRequest, response: ServerResponse): void {
    const id = requestId(request, response);
    request.id = id;
    const started = performance.now();
    response.once('close', () => {
      const elapsedMs = performance.now() - started;
      const route = routeOf(request);
      this.metrics.observe(
        request.method ?? 'UNKNOWN',
        route ?? UNMATCHED_ROUTE,
        response.statusCode,
        elapsedMs / 1000,
      );
      if (request.url?.startsWith('/health') || !this.logger.isLevelEnabled('info')) return;
      const line = {
        req: { id, method: request.method, url: loggableUrl(request.url) },
        res: { statusCode: response.statusCode },
        route,
        responseTime: Math.round(elapsedMs),
      };
      if (!response.writableFinished) this.logger.warn(line, 'request aborted');
      else if (response.statusCode >= 500) this.logger.error(line, 'request errored');
      else this.logger.info(line, 'request completed');
    });
  }
}

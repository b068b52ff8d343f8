import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FetErrorCode } from './fet-error-code';
import { fetErrorBody } from './fet-error-body';
import { FetException } from './fet.exception';
import { FET_ERROR_CATALOG } from './fet-error-catalog';
import { loggableUrl } from '../http/loggable-url';
import { RouteCatalog } from '../http/route-catalog';

interface RequestLike {
  method?: string;
  url?: string;
  originalUrl?: string;
  id?: unknown;
}

/** Nest's and the body parser's own HTTP errors, expressed in the catalog. */
const BY_STATUS: ReadonlyMap<number, FetErrorCode> = new Map<number, FetErrorCode>([
  [HttpStatus.NOT_FOUND, FetErrorCode.RouteNotFound],
  [HttpStatus.PAYLOAD_TOO_LARGE, FetErrorCode.PayloadTooLarge],
  [HttpStatus.UNAUTHORIZED, FetErrorCode.Unauthorized],
  [HttpStatus.FORBIDDEN, FetErrorCode.Forbidden],
  [HttpStatus.TOO_MANY_REQUESTS, FetErrorCode.RateLimitExceeded],
  [HttpStatus.SERVICE_UNAVAILABLE, FetErrorCode.ServiceUnavailable],
]);

function fromHttpStatus(status: number): FetErrorCode {
  return BY_STATUS.get(status) ?? (status >= 500 ? FetErrorCode.InternalServerError : FetErrorCode.BadRequest);
}

/**
 * body-parser's errors (http-errors, 4xx, `expose`), which reach us before any route runs. Most
 * carry a `type`; one that cannot inflate a body (`Content-Encoding: gzip` over plain text) has only
 * its status.
 */
function bodyParserCode(error: unknown): FetErrorCode | undefined {
  const { type, status, expose } = (error ?? {}) as { type?: unknown; status?: unknown; expose?: unknown };
  if (type === 'entity.too.large' || status === 413) return FetErrorCode.PayloadTooLarge;
  if (typeof type === 'string' && type.startsWith('entity.')) return FetErrorCode.BadRequest;
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return FetErrorCode.BadRequest;
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) return FetErrorCode.BadRequest;
  return undefined;
}

/** The first `code` down an error's cause chain (SQLSTATE, errno name, driver code). */
function nativeCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const { code, reason } = current as { code?: unknown; reason?: unknown };
    if (typeof code === 'string' || typeof code === 'number') return String(code);
    if (typeof reason === 'string') return reason;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

@Catch()
export class FetExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly routes: RouteCatalog,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const response = http.getResponse<unknown>();
    const adapter = this.adapterHost.httpAdapter;

    if (adapter.isHeadersSent(response)) {
      // Answered already, e.g. 503 by a shutdown that stopped waiting for this request.
      this.logAfterAnswer(error, request);
      return;
    }

    if (error instanceof FetException) {
      for (const [name, value] of Object.entries(error.headers ?? {})) {
        adapter.setHeader(response, name, value);
      }
      if (error.status === 500) this.logUnexpected(error, request);
      else if (error.status > 500) this.logUnavailable(error, request);
      adapter.reply(response, fetErrorBody(error.code, error.fields, error.extra), error.status);
      return;
    }

    const parserCode = bodyParserCode(error);
    if (parserCode) {
      adapter.reply(response, fetErrorBody(parserCode), this.statusOf(parserCode));
      return;
    }

    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 404) {
        const allowed = this.routes.allowedMethods(request.method ?? 'GET', request.originalUrl ?? request.url ?? '/');
        if (allowed.length > 0) {
          adapter.setHeader(response, 'Allow', allowed.join(', '));
          adapter.reply(response, fetErrorBody(FetErrorCode.MethodNotAllowed), this.statusOf(FetErrorCode.MethodNotAllowed));
          return;
        }
      }
      const code = fromHttpStatus(status);
      if (status >= 500) this.logUnexpected(error, request);
      adapter.reply(response, fetErrorBody(code), this.statusOf(code));
      return;
    }

    this.logUnexpected(error, request);
    adapter.reply(response, fetErrorBody(FetErrorCode.InternalServerError), HttpStatus.INTERNAL_SERVER_ERROR);
  }

  private statusOf(code: FetErrorCode): number {
    return FET_ERROR_CATALOG[code].status;
  }

  /**
   * 502/503 are expected outcomes (a customer's database or our store cannot be reached): one line
   * with the code, the fields and the native error code, never the native error's text, which can
   * carry a customer's host names or user names.
   */
  private logUnavailable(error: FetException, request: RequestLike): void {
    this.logger.warn({
      requestId: request.id,
      method: request.method,
      url: loggableUrl(request.url),
      code: error.code,
      fields: error.fields,
      cause: nativeCodeOf(error.cause),
    });
  }

  /** What a request's work ended with after its answer had left: one line, without the error's text. */
  private logAfterAnswer(error: unknown, request: RequestLike): void {
    const code = nativeCodeOf(error) ?? (error instanceof Error ? error.name : 'unknown');
    this.logger.warn({ requestId: request.id, method: request.method, url: request.url, code }, 'the request ended after it had been answered');
  }

  /** A bug: logged with its stack so it can be found. */
  private logUnexpected(error: unknown, request: RequestLike): void {
    const stack = error instanceof Error ? error.stack : String(error);
    this.logger.error(
      { requestId: request.id, method: request.method, url: loggableUrl(request.url), err: error },
      stack,
    );
  }
}

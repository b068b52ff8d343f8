import { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, MiddlewareConsumer, Module, NestMiddleware, NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { HttpLogger, Options, pinoHttp } from 'pino-http';
import { Settings } from '../../config/settings';
import { requestId } from '../http/request-id';

/** Paths pino removes from every log line, wherever a secret could appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  '*.*.password',
  'ssl.key',
  '*.ssl.key',
  'key',
  '*.key',
  'sealedPassword',
  '*.sealedPassword',
  '*.sealedKey',
  '*.*.sealedKey',
];

const routeOf = (request: IncomingMessage): string | undefined =>
  (request as { route?: { path?: string } }).route?.path;

/** One line per request: request id, method, url, route pattern, status and duration. */
const REQUEST_LOG: Options = {
  genReqId: requestId,
  // The matched route pattern, added when the response is written (it is unknown before).
  customSuccessObject: (request, _response, line: object) => ({ ...line, route: routeOf(request) }),
  customErrorObject: (request, _response, _error, line: object) => ({ ...line, route: routeOf(request) }),
  serializers: {
    req: (request: { id: unknown; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
    res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
  },
  autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health') },
};

/**
 * pino-http on every route, on the root logger that nestjs-pino built. nestjs-pino's own request
 * middleware also opens an AsyncLocalStorage scope per request; on Node 20 that puts a hook on every
 * promise and cost about a fifth of the CPU of a GET (bench/, docs in the README), so it is not
 * mounted: the app logger logs out of request context, and errors carry the request id themselves.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private logger?: HttpLogger;

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    this.logger ??= pinoHttp({ ...REQUEST_LOG, logger: PinoLogger.root });
    this.logger(request, response, next);
  }
}

/** JSON logs (nestjs-pino as the Nest logger) with secrets censored, and request logging. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Settings, true>) => ({
        pinoHttp: { level: config.get('http', { infer: true }).logLevel, redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } },
        forRoutes: [],
      }),
    }),
  ],
})
export class AppLoggerModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes('*');
  }
}

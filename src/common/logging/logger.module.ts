import { IncomingMessage } from 'node:http';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
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

const routeOf = (request: IncomingMessage): string | undefined => (request as { route?: { path?: string } }).route?.path;

/** JSON logs with the request id, route, status and duration; secrets censored. */
export const AppLoggerModule = LoggerModule.forRootAsync({
  inject: [ConfigService],
  useFactory: (config: ConfigService<Settings, true>) => ({
    pinoHttp: {
      level: config.get('http', { infer: true }).logLevel,
      genReqId: requestId,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      // The matched route pattern, added when the response is written (it is unknown before).
      customSuccessObject: (request: IncomingMessage, _response: unknown, line: object) => ({ ...line, route: routeOf(request) }),
      customErrorObject: (request: IncomingMessage, _response: unknown, _error: Error, line: object) => ({ ...line, route: routeOf(request) }),
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health') },
    },
  }),
});

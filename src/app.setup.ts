import { Server } from 'node:http';
import { INestApplication, VersioningType } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { useContainer } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { RequestObserver } from './telemetry/request-observer';
import { AllowedHostRule } from './connections/dto/allowed-host.rule';
import { GracefulShutdown } from './shutdown/graceful-shutdown';

/** Validation rules that are Nest providers. */
const PROVIDED_RULES = [AllowedHostRule];

export const BODY_LIMIT = '1mb';

/** Both the express and the fastify application offer this; our code names neither. */
type WithBodyParser = INestApplication & { useBodyParser(type: 'json', options: { limit: string }): unknown };

/**
 * Express names itself (`X-Powered-By`) and tags every body with a weak ETag of its own (errors
 * included); we send neither: the one ETag is a connection's version. A no-op on other adapters.
 */
function withoutFrameworkHeaders(app: INestApplication): void {
  const instance = app.getHttpAdapter().getInstance() as {
    set?: (setting: string, value: unknown) => unknown;
    request?: object;
  };
  instance.set?.('x-powered-by', false);
  instance.set?.('etag', false);
  // Nor does it answer a conditional GET with an empty 304 (`If-None-Match: *` made every GET
  // "fresh"): the contract offers no conditional GET, so every GET answers its documented body.
  if (instance.request) Object.defineProperty(instance.request, 'fresh', { configurable: true, get: () => false });
}

/**
 * Everything main.ts and the e2e tests share: body limit, versioning, docs, validation DI, and the
 * count of requests in flight that a shutdown waits for (main.ts alone reacts to signals).
 */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.get(RequestObserver).attach(app.getHttpServer() as Server);
  app.get(GracefulShutdown).track(app.getHttpServer() as Server);
  withoutFrameworkHeaders(app);
  (app as WithBodyParser).useBodyParser('json', { limit: BODY_LIMIT });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: undefined });
  // class-validator rules that need Nest providers (the host policy) come from the app; every
  // other class (class-validator's own) is left to class-validator (`fallback`).
  const rules = new Map<unknown, unknown>(PROVIDED_RULES.map((rule) => [rule, app.get(rule, { strict: false })]));
  useContainer({ get: (type: unknown) => rules.get(type) }, { fallback: true });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}

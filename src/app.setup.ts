import { Server } from 'node:http';
import { INestApplication, VersioningType } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { useContainer } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { RequestObserver } from './telemetry/request-observer';
import { AllowedHostRule } from './connections/dto/allowed-host.rule';
import { GracefulShutdown } from './shutdown/graceful-shutdown';
import { platformOf } from './common/http/http-platform';

/** Validation rules that are Nest providers. */
const PROVIDED_RULES = [AllowedHostRule];

/**
 * Everything main.ts and the e2e tests share, on either HTTP adapter: body reading, versioning,
 * docs, validation DI, and the count of requests in flight that a shutdown waits for (main.ts alone
 * reacts to signals).
 */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.get(RequestObserver).attach(app.getHttpServer() as Server);
  app.get(GracefulShutdown).track(app.getHttpServer() as Server);
  // Body reading, framework headers and routing: the one part that depends on HTTP_ADAPTER.
  platformOf(app).configure(app);
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: undefined });
  // class-validator rules that need Nest providers (the host policy) come from the app; every
  // other class (class-validator's own) is left to class-validator (`fallback`).
  const rules = new Map<unknown, unknown>(
    PROVIDED_RULES.map((rule) => [rule, app.get(rule, { strict: false })]),
  );
  useContainer({ get: (type: unknown) => rules.get(type) }, { fallback: true });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}

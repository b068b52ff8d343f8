import { Server } from 'node:http';
import { INestApplication, VersioningType } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { Logger } from 'nestjs-pino';
import { RequestObserver } from './telemetry/request-observer';
import { AllowedHostRule } from './connections/dto/allowed-host.rule';

/** Validation rules that are Nest providers. */
const PROVIDED_RULES = [AllowedHostRule];

export const BODY_LIMIT = '1mb';

/** Both the express and the fastify application offer this; our code names neither. */
type WithBodyParser = INestApplication & { useBodyParser(type: 'json', options: { limit: string }): unknown };

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Database Connections')
    .setDescription(
      'Stores, lists, edits, tests and discovers the database connections that reports are rendered from. ' +
        'Every error has the body { code, title, message, fields? }; each route lists the FET codes it can answer with.',
    )
    .setVersion('1.0.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Everything main.ts and the e2e tests share: body limit, versioning, docs, validation DI, shutdown. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  app.get(RequestObserver).attach(app.getHttpServer() as Server);
  (app as WithBodyParser).useBodyParser('json', { limit: BODY_LIMIT });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: undefined });
  // class-validator rules that need Nest providers (the host policy) come from the app; every
  // other class (class-validator's own) is left to class-validator (`fallback`).
  const rules = new Map<unknown, unknown>(PROVIDED_RULES.map((rule) => [rule, app.get(rule, { strict: false })]));
  useContainer({ get: (type: unknown) => rules.get(type) }, { fallback: true });
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
  return app;
}

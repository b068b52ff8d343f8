import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from './bearer-scheme';
import { withCommonResponses } from './common-responses';

export const API_TAG = 'Database Connections';

/**
 * The OpenAPI document of the service, generated from the routes and DTOs (the swagger CLI plugin
 * and the decorators), plus what no route says about itself: servers, tag, license, the bearer security scheme, and
 * the headers and responses every route shares.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Database Connections')
    .setDescription(
      'Stores, lists, edits, tests and discovers the database connections that reports are rendered from. ' +
        'Every error has the body `{ code, title, message, fields? }` and each route lists the FET codes it can answer with. ' +
        'Every response carries `X-Request-Id`; a method a path does not answer is 405 FET-0006 with `Allow`. ' +
        'When the service runs with authentication on (`AUTH_ENABLED=true`), every route needs `Authorization: Bearer <JWT>`: ' +
        'the token names the organization whose connections the route sees, and grants the permission the route needs ' +
        '(named in its 403 response); without it the answer is 401 FET-0041 (or 403 FET-0042).',
    )
    .setVersion('1.0.0')
    .addServer('/', 'This server')
    .addTag(
      API_TAG,
      'Database connections of the reporting product: CRUD, test, schema discovery and schema validation.',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A JWT (RS256 or ES256 from the issuer’s key set, or HS256 with the shared secret) carrying `exp`, the ' +
          'organization claim and the permissions (`scope` or `permissions`). Needed when AUTH_ENABLED=true.',
      },
      BEARER_SCHEME,
    )
    .build();
  config.info.license = { name: 'Proprietary' };
  return withCommonResponses(SwaggerModule.createDocument(app, config));
}

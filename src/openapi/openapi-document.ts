import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { withCommonResponses } from './common-responses';

export const API_TAG = 'Database Connections';

/**
 * The OpenAPI document of the service, generated from the routes and DTOs (the swagger CLI plugin
 * and the decorators), plus what no route says about itself: servers, tag, license, security, and
 * the headers and responses every route shares.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Database Connections')
    .setDescription(
      'Stores, lists, edits, tests and discovers the database connections that reports are rendered from. ' +
        'Every error has the body `{ code, title, message, fields? }` and each route lists the FET codes it can answer with. ' +
        'Every response carries `X-Request-Id`; a method a path does not answer is 405 FET-0006 with `Allow`.',
    )
    .setVersion('1.0.0')
    .addServer('/', 'This server')
    .addTag(
      API_TAG,
      'Database connections of the reporting product: CRUD, test, schema discovery and schema validation.',
    )
    .build();
  // Authentication is off (spec §6.3, AUTH_ENABLED=false): no route asks for credentials.
  config.security = [];
  config.info.license = { name: 'Proprietary' };
  return withCommonResponses(SwaggerModule.createDocument(app, config));
}

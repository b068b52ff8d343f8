import { OpenAPIObject } from '@nestjs/swagger';
import { ALLOW_HEADER, REQUEST_ID_HEADER_DOC, WWW_AUTHENTICATE_HEADER_DOC } from './api-headers';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const REQUEST_ID = { $ref: '#/components/headers/X-Request-Id' };

/**
 * Declares what every response shares: the `X-Request-Id` header on each response of each
 * operation (responses in status order), the `WWW-Authenticate` header its 401 and 403 refer to, and the 405 that a path answers for a method it has no operation for (with `Allow`),
 * as `components.responses.MethodNotAllowed` since it belongs to no operation.
 */
export function withCommonResponses(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.headers = {
    ...components.headers,
    'X-Request-Id': REQUEST_ID_HEADER_DOC,
    Allow: ALLOW_HEADER,
    'WWW-Authenticate': WWW_AUTHENTICATE_HEADER_DOC,
  };
  components.responses = {
    ...components.responses,
    MethodNotAllowed: {
      description: 'FET-0006 Method Not Allowed: the path exists, the method does not.',
      headers: { Allow: { $ref: '#/components/headers/Allow' }, 'X-Request-Id': REQUEST_ID },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  };
  for (const path of Object.values(document.paths)) {
    // Where the 405 of a path is described; OpenAPI has no place for a path's unanswered methods.
    Object.assign(path, {
      'x-method-not-allowed': { $ref: '#/components/responses/MethodNotAllowed' },
    });
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      for (const response of Object.values(operation.responses)) {
        if (!response || '$ref' in response) continue;
        response.headers = { ...response.headers, 'X-Request-Id': REQUEST_ID };
      }
      // In status order, whichever decorator declared them (the Swagger UI lists them as they come).
      operation.responses = Object.fromEntries(
        Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }
  return document;
}

import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { FetErrorCode } from './fet-error-code';
import { FET_ERROR_CATALOG } from './fet-error-catalog';
import { fetErrorBody } from './fet-error-body';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'title', 'message'],
  properties: {
    code: { type: 'string', example: 'FET-0001' },
    title: { type: 'string' },
    message: { type: 'string' },
    fields: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/** Always possible on every route. */
const ALWAYS = [FetErrorCode.InternalServerError, FetErrorCode.ServiceUnavailable];

/** Documents, per HTTP status, every FET code a route can answer with (with the catalog's text). */
export function ApiFetErrors(...codes: FetErrorCode[]): MethodDecorator {
  const byStatus = new Map<number, FetErrorCode[]>();
  for (const code of [...new Set([...codes, ...ALWAYS])]) {
    const { status } = FET_ERROR_CATALOG[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) =>
        ApiResponse({
          status,
          description: list.map((code) => `${code} ${FET_ERROR_CATALOG[code].title}`).join('; '),
          content: {
            'application/json': {
              schema: ERROR_SCHEMA,
              examples: Object.fromEntries(
                list.map((code) => [
                  code,
                  { summary: FET_ERROR_CATALOG[code].title, value: fetErrorBody(code) },
                ]),
              ),
            },
          },
        }),
      ),
  );
}

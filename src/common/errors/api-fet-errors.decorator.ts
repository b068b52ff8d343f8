import { Type, applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiResponse,
  HeaderObject,
  ReferenceObject,
  getSchemaPath,
} from '@nestjs/swagger';
import { RETRY_AFTER_HEADER } from '../../openapi/api-headers';
import { FetErrorCode } from './fet-error-code';
import { FET_ERROR_CATALOG } from './fet-error-catalog';
import { fetErrorBody } from './fet-error-body';
import { FetErrorDto } from './fet-error.dto';
import { FetFields } from './fet.exception';

/** A code whose body carries more than `Error` (validate-schema's 422 has `errors`). */
export interface FetErrorWithBody {
  code: FetErrorCode;
  /** A subclass of FetErrorDto that documents the extra members. */
  type: Type<FetErrorDto>;
  /** The extra members of the example body. */
  example: Record<string, unknown>;
}

/**
 * Possible on every route, whatever it does: a malformed request or body (even where none is
 * expected), a body over 1 MiB, a request that is too slow or whose headers are too large, a bug,
 * the store down.
 */
const ALWAYS = [
  FetErrorCode.BadRequest,
  FetErrorCode.PayloadTooLarge,
  FetErrorCode.RequestTimeout,
  FetErrorCode.HeaderFieldsTooLarge,
  FetErrorCode.InternalServerError,
  FetErrorCode.ServiceUnavailable,
];

/**
 * One more example of a code, for a case a reader should see on its own (PATCH's credential
 * guard): shown beside the code's own example, under the name given.
 */
export interface FetErrorCase {
  code: FetErrorCode;
  /** The example's name (not a bare code: the code's own example keeps that name). */
  name: string;
  summary: string;
  fields: FetFields;
}

type FetErrorEntry = FetErrorCode | FetErrorWithBody | FetErrorCase;
type NamedExample = { summary: string; value: Record<string, unknown> };

const codeOf = (entry: FetErrorEntry) => (typeof entry === 'string' ? entry : entry.code);
const isCase = (entry: FetErrorEntry): entry is FetErrorCase =>
  typeof entry !== 'string' && 'name' in entry;
const hasBody = (entry: FetErrorEntry): entry is FetErrorWithBody =>
  typeof entry !== 'string' && 'type' in entry;

/** The headers an error status carries besides X-Request-Id (spec §2, §6.3). */
const WWW_AUTHENTICATE = { 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } };
const HEADERS_BY_STATUS: Readonly<Record<number, Record<string, HeaderObject | ReferenceObject>>> =
  {
    401: WWW_AUTHENTICATE,
    403: WWW_AUTHENTICATE,
    429: { 'Retry-After': RETRY_AFTER_HEADER },
  };

/**
 * One documented error status: its codes as named examples (with the catalog's text), the body
 * schema (FetErrorDto unless a code has a richer one) and the headers of that status.
 */
export function ApiFetErrorResponse(
  status: number,
  codes: FetErrorCode[],
  options: {
    description?: string;
    special?: ReadonlyMap<FetErrorCode, FetErrorWithBody>;
    cases?: readonly FetErrorCase[];
  } = {},
): MethodDecorator {
  const special = options.special ?? new Map<FetErrorCode, FetErrorWithBody>();
  const cases = (options.cases ?? []).filter((errorCase) => codes.includes(errorCase.code));
  const bodyType = codes.map((code) => special.get(code)?.type).find(Boolean) ?? FetErrorDto;
  return ApiResponse({
    status,
    description:
      options.description ??
      codes.map((code) => `${code} ${FET_ERROR_CATALOG[code].title}`).join('; '),
    headers: HEADERS_BY_STATUS[status],
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(bodyType) },
        examples: Object.fromEntries([
          ...codes.map((code): [string, NamedExample] => [
            code,
            {
              summary: FET_ERROR_CATALOG[code].title,
              value: { ...fetErrorBody(code), ...special.get(code)?.example },
            },
          ]),
          ...cases.map((errorCase): [string, NamedExample] => [
            errorCase.name,
            {
              summary: errorCase.summary,
              value: fetErrorBody(errorCase.code, errorCase.fields),
            },
          ]),
        ]),
      },
    },
  });
}

/**
 * Documents, per HTTP status, every FET code a route can answer with (with the catalog's text),
 * and any further case of a code as an example of its own.
 */
export function ApiFetErrors(...entries: FetErrorEntry[]): MethodDecorator {
  const special = new Map(entries.filter(hasBody).map((entry) => [entry.code, entry]));
  const cases = entries.filter(isCase);
  const byStatus = new Map<number, FetErrorCode[]>();
  for (const code of new Set([...entries.map(codeOf), ...ALWAYS])) {
    const { status } = FET_ERROR_CATALOG[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ApiExtraModels(FetErrorDto, ...[...special.values()].map((entry) => entry.type)),
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => ApiFetErrorResponse(status, codes, { special, cases })),
  );
}

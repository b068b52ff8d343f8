import { ApiHeaderOptions, HeaderObject } from '@nestjs/swagger';

/**
 * The headers of the contract (spec §2–§3.6) as OpenAPI objects, written once: request headers
 * for `@ApiHeader`, response headers for `@ApiResponse({ headers })` and the document's components.
 */

export const PRODUCT_NAME_PATTERN = '^[a-zA-Z0-9_-]+$';

/** `X-Product-Name` as a header parameter; `required` and the sentence differ per route. */
export function productNameHeader(required: boolean, description: string): ApiHeaderOptions {
  return {
    name: 'X-Product-Name',
    required,
    description: `${description} 1–100 letters, digits, underscores or hyphens; trimmed, then lower-cased.`,
    schema: { type: 'string', minLength: 1, maxLength: 100, pattern: PRODUCT_NAME_PATTERN },
    example: 'my-product',
  };
}

export const IF_MATCH_HEADER: ApiHeaderOptions = {
  name: 'If-Match',
  required: false,
  description:
    'The `ETag` of an earlier read, exactly as it was sent (with its quotes), or `*`. The update only ' +
    'happens while the connection is still at that version; else 412 FET-0416. Weak tags (`W/"…"`) never match.',
  schema: { type: 'string' },
};

export const ETAG_HEADER: HeaderObject = {
  description:
    'The version of the connection (changes with `updatedAt`); send it back in `If-Match`.',
  required: true,
  schema: { type: 'string', pattern: '^"[0-9a-z]+"$', example: '"mbx2k4qz"' },
};

export const RETRY_AFTER_HEADER: HeaderObject = {
  description: 'Whole seconds until a call would be allowed again.',
  schema: { type: 'integer', minimum: 1, example: 42 },
};

export const WWW_AUTHENTICATE_HEADER_DOC: HeaderObject = {
  description:
    'The bearer challenge (RFC 6750). On 401: `Bearer` when no bearer token was sent, `Bearer error="invalid_token"` ' +
    'when the token sent is not accepted. On 403: `Bearer error="insufficient_scope", scope="<the permission the route needs>"`.',
  required: true,
  schema: { type: 'string', example: 'Bearer error="invalid_token"' },
};

export const REQUEST_ID_HEADER_DOC: HeaderObject = {
  description:
    'The request id: the incoming `X-Request-Id` when it is 1–128 of `[A-Za-z0-9._:-]`, else a new UUID. ' +
    'It is in every log line of the request.',
  required: true,
  schema: {
    type: 'string',
    pattern: '^[A-Za-z0-9._:-]{1,128}$',
    example: '6f1c2a8e-3b7d-4e59-9a0b-2c4d6e8f1a3b',
  },
};

export const ALLOW_HEADER: HeaderObject = {
  description: 'The methods the path does answer.',
  required: true,
  schema: { type: 'string', example: 'GET, PATCH, DELETE' },
};

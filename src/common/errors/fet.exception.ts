import { FetErrorCode } from './fet-error-code';
import { FET_ERROR_CATALOG } from './fet-error-catalog';

export type FetFields = Record<string, string>;

export interface FetExceptionOptions {
  /** Field (JSON name) → why it was refused. Keys are sorted when the body is written. */
  fields?: FetFields;
  /** Extra top-level body members (validate-schema's `errors`). */
  extra?: Record<string, unknown>;
  /** Response headers to set (Retry-After). */
  headers?: Record<string, string>;
  /** The original error; logged, never sent. */
  cause?: unknown;
}

/** The one exception the service throws on purpose. Plain Error: no HTTP types leak into services. */
export class FetException extends Error {
  readonly fields?: FetFields;
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: FetErrorCode,
    options: FetExceptionOptions = {},
  ) {
    super(FET_ERROR_CATALOG[code].message, { cause: options.cause });
    this.name = 'FetException';
    this.fields = options.fields;
    this.extra = options.extra;
    this.headers = options.headers;
  }

  get status(): number {
    return FET_ERROR_CATALOG[this.code].status;
  }
}

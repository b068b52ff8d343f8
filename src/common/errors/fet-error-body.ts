import { FetErrorCode } from './fet-error-code';
import { FET_ERROR_CATALOG } from './fet-error-catalog';
import { FetFields } from './fet.exception';

export interface FetErrorBody {
  code: FetErrorCode;
  title: string;
  message: string;
  fields?: FetFields;
  [extra: string]: unknown;
}

/** Sorted by key; built with own properties only, so a field named `__proto__` stays a field. */
export function sortedFields(fields: FetFields): FetFields {
  return Object.fromEntries(
    Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export function fetErrorBody(
  code: FetErrorCode,
  fields?: FetFields,
  extra?: Record<string, unknown>,
): FetErrorBody {
  const { title, message } = FET_ERROR_CATALOG[code];
  const body: FetErrorBody = { code, title, message };
  if (fields && Object.keys(fields).length > 0) body.fields = sortedFields(fields);
  return extra ? { ...body, ...extra } : body;
}

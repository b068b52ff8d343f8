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

export function sortedFields(fields: FetFields): FetFields {
  const sorted: FetFields = {};
  for (const key of Object.keys(fields).sort()) sorted[key] = fields[key];
  return sorted;
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

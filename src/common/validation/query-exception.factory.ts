import { ValidationError } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';
import { FetContext } from './fet-context';
import { ReadQuery } from './query-map';
import { reasonOf } from './validation-exception.factory';

interface Failure {
  order: number;
  code: FetErrorCode;
  field: string;
  why: string;
}

const invalid = (fields: Record<string, string>) =>
  new FetException(FetErrorCode.InvalidQueryParameter, { fields });

/**
 * The one FET error for a bad query (spec §3.2), in the order the query is checked: every unknown
 * parameter (FET-0405, sorted), else the first one given more than once (FET-0405), else the
 * failing rule that comes first in the check order (`queryRule`), naming that one parameter.
 * Undefined when the query is valid.
 */
export function toQueryFetException(
  errors: ValidationError[],
  query: Pick<ReadQuery, 'unknown' | 'repeated'>,
): FetException | undefined {
  const unknown = [
    ...query.unknown,
    ...errors
      .filter((error) => error.constraints?.whitelistValidation)
      .map((error) => error.property),
  ].sort();
  if (unknown.length > 0) {
    return invalid(
      Object.fromEntries(unknown.map((key) => [key, 'is not a known query parameter'])),
    );
  }
  if (query.repeated !== undefined) return invalid({ [query.repeated]: 'must be given once' });
  let first: Failure | undefined;
  for (const error of errors) {
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const context = error.contexts?.[constraint] as FetContext | undefined;
      const order = context?.order ?? Number.MAX_SAFE_INTEGER;
      if (first === undefined || order < first.order) {
        const code = context?.fet ?? FetErrorCode.InvalidQueryParameter;
        first = { order, code, field: error.property, why: reasonOf(error.property, message) };
      }
    }
  }
  return first && new FetException(first.code, { fields: { [first.field]: first.why } });
}

import { ValidationOptions } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';

/** What a rule's failure means: its FET code and, for a query rule, its place in the check order. */
export interface FetContext {
  fet: FetErrorCode;
  order?: number;
}

/** Tags a class-validator rule with the FET code its failure means (untagged rules mean FET-0001). */
export function fet(code: FetErrorCode, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, context: { fet: code } satisfies FetContext };
}

/**
 * Tags a query rule with its place in the check order and its FET code (FET-0405 unless given):
 * a bad query is answered by its first failing rule alone (spec §3.2, query-exception.factory.ts).
 */
export function queryRule(
  order: number,
  options: ValidationOptions = {},
  code = FetErrorCode.InvalidQueryParameter,
): ValidationOptions {
  return { ...options, context: { fet: code, order } satisfies FetContext };
}

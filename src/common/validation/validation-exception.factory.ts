import { ValidationError } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';
import { FetException } from '../errors/fet.exception';
import { FetContext } from './fet-context';
import { metadataProblems } from './metadata-rules';

/** One request, one code (spec §2), in this order. */
const PRECEDENCE: readonly FetErrorCode[] = [
  FetErrorCode.UnexpectedFields,
  FetErrorCode.MissingFields,
  FetErrorCode.InvalidMetadataNesting,
  FetErrorCode.MetadataValueTooLong,
  FetErrorCode.MetadataKeyTooLong,
  FetErrorCode.InvalidSslConfiguration,
  FetErrorCode.ForbiddenHost,
  FetErrorCode.BadRequest,
];

interface Violation {
  code: FetErrorCode;
  field: string;
  why: string;
}

function codeOf(error: ValidationError, constraint: string): FetErrorCode {
  if (constraint === 'whitelistValidation') return FetErrorCode.UnexpectedFields;
  const context = error.contexts?.[constraint] as FetContext | undefined;
  return context?.fet ?? FetErrorCode.BadRequest;
}

/** A rule's message as a `fields` value: without class-validator's leading property name. */
export function reasonOf(property: string, message: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

function violations(errors: ValidationError[], parent = ''): Violation[] {
  const found: Violation[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const code = codeOf(error, constraint);
      if (constraint.startsWith('metadata')) {
        for (const problem of metadataProblems(error.value)) {
          if (problem.code === code) found.push({ code, field: problem.field, why: problem.why });
        }
      } else if (code === FetErrorCode.UnexpectedFields) {
        found.push({ code, field, why: 'is not an allowed field' });
      } else {
        found.push({ code, field, why: reasonOf(error.property, message) });
      }
    }
    found.push(...violations(error.children ?? [], field));
  }
  return found;
}

/** Turns class-validator's findings into the single FET error the spec's precedence picks. */
export function toFetException(errors: ValidationError[]): FetException {
  const found = violations(errors);
  const code =
    PRECEDENCE.find((candidate) => found.some((v) => v.code === candidate)) ??
    FetErrorCode.BadRequest;
  // A Map, not an object: a field may be called `constructor` or `__proto__`.
  const fields = new Map<string, string>();
  for (const violation of found) {
    if (violation.code === code && !fields.has(violation.field))
      fields.set(violation.field, violation.why);
  }
  return new FetException(code, { fields: Object.fromEntries<string>(fields) });
}

const rank = (code: FetErrorCode) => {
  const index = PRECEDENCE.indexOf(code);
  return index < 0 ? PRECEDENCE.length : index;
};

/**
 * The one error of a request checked in parts (import: its body, its URI, the create input they
 * make), as if checked at once: the code the spec's precedence picks, with the fields every part
 * gave under that code. Undefined when no part failed.
 */
export function mostUrgentOf(errors: readonly FetException[]): FetException | undefined {
  const first = errors.reduce<FetException | undefined>(
    (best, error) => (best === undefined || rank(error.code) < rank(best.code) ? error : best),
    undefined,
  );
  if (first === undefined) return undefined;
  // A Map, not an object: a field may be called `constructor` or `__proto__`.
  const fields = new Map<string, string>();
  for (const error of errors.filter((candidate) => candidate.code === first.code)) {
    for (const [field, why] of Object.entries(error.fields ?? {})) {
      if (!fields.has(field)) fields.set(field, why);
    }
  }
  return new FetException(
    first.code,
    fields.size > 0 ? { fields: Object.fromEntries<string>(fields) } : {},
  );
}

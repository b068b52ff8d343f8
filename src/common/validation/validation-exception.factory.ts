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

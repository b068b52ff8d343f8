import { ValidationOptions, registerDecorator } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';
import { fet } from './fet-context';
import { hasNoNul } from './validators';

export const METADATA_MAX_KEYS = 50;
export const METADATA_KEY_MAX = 100;
export const METADATA_VALUE_MAX = 2000;

export interface MetadataProblem {
  code: FetErrorCode;
  field: string;
  why: string;
}

/** Every way a metadata value breaks §1, each with its code and the JSON name of the field. */
export function metadataProblems(value: unknown): MetadataProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ code: FetErrorCode.BadRequest, field: 'metadata', why: 'must be a flat JSON object of strings' }];
  }
  const problems: MetadataProblem[] = [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > METADATA_MAX_KEYS) {
    problems.push({ code: FetErrorCode.BadRequest, field: 'metadata', why: `must have at most ${METADATA_MAX_KEYS} keys` });
  }
  for (const [key, item] of entries) {
    const field = `metadata.${key}`;
    if (key.length > METADATA_KEY_MAX) {
      problems.push({ code: FetErrorCode.MetadataKeyTooLong, field, why: `key must be at most ${METADATA_KEY_MAX} characters` });
    }
    if (key.trim() === '') problems.push({ code: FetErrorCode.BadRequest, field, why: 'key must not be blank' });
    if (!hasNoNul(key)) problems.push({ code: FetErrorCode.BadRequest, field, why: 'key must not contain the NUL character (U+0000)' });
    if (item !== null && typeof item === 'object') {
      problems.push({ code: FetErrorCode.InvalidMetadataNesting, field, why: 'must not be an object or an array' });
    } else if (typeof item !== 'string') {
      problems.push({ code: FetErrorCode.BadRequest, field, why: 'must be a string' });
    } else if (item.length > METADATA_VALUE_MAX) {
      problems.push({ code: FetErrorCode.MetadataValueTooLong, field, why: `must be at most ${METADATA_VALUE_MAX} characters` });
    } else if (!hasNoNul(item)) {
      problems.push({ code: FetErrorCode.BadRequest, field, why: 'must not contain the NUL character (U+0000)' });
    }
  }
  return problems;
}

function metadataRule(code: FetErrorCode) {
  return (target: object, propertyName: string) => {
    const options: ValidationOptions = fet(code, { message: 'metadata is invalid' });
    registerDecorator({
      name: `metadata${code}`,
      target: target.constructor,
      propertyName,
      options,
      validator: { validate: (value: unknown) => !metadataProblems(value).some((p) => p.code === code) },
    });
  };
}

/** The four metadata rules, one per code, so the pipe can rank them like every other rule. */
export const IsMetadata = () => (target: object, propertyName: string) => {
  for (const code of [
    FetErrorCode.BadRequest,
    FetErrorCode.InvalidMetadataNesting,
    FetErrorCode.MetadataValueTooLong,
    FetErrorCode.MetadataKeyTooLong,
  ]) {
    metadataRule(code)(target, propertyName);
  }
};

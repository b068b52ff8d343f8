import { ValidationOptions } from 'class-validator';
import { FetErrorCode } from '../errors/fet-error-code';

/** Tags a class-validator rule with the FET code its failure means (untagged rules mean FET-0001). */
export function fet(code: FetErrorCode, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, context: { fet: code } };
}

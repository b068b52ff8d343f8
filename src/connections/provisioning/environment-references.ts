import { EnvironmentVariables } from '../../config/environment-variables';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** A string of the provisioning file with its `${NAME}` references replaced, or why it cannot be. */
export type Expansion = { value: string } | { problem: string };

/**
 * Replaces every `${NAME}` in `text` with the variable's value (once: a value is never expanded
 * again). A `${` that does not open a reference to a variable name, or a variable that is not set,
 * is a problem; the problem names the variable, never a value.
 */
export function expandReferences(text: string, variables: EnvironmentVariables): Expansion {
  let value = '';
  let rest = text;
  for (let start = rest.indexOf('${'); start >= 0; start = rest.indexOf('${')) {
    const end = rest.indexOf('}', start + 2);
    const name = end < 0 ? '' : rest.slice(start + 2, end);
    if (!VARIABLE_NAME.test(name))
      return { problem: 'has a "${" that does not open a ${ENV_NAME} reference' };
    const found = variables(name);
    if (found === undefined)
      return { problem: `\${${name}} names an environment variable that is not set` };
    value += rest.slice(0, start) + found;
    rest = rest.slice(end + 1);
  }
  return { value: value + rest };
}

/** A secret's rule: the whole value is one `${NAME}` reference, so the file never holds the secret. */
export function isSoleReference(value: unknown): boolean {
  return typeof value === 'string' && SOLE_REFERENCE.test(value);
}

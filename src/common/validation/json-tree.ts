import { PROTOTYPE_KEYS } from './prototype-keys';

/** Deeper than any body the contract has (json-depth.ts refuses far less): such a value is not looked at here. */
const MAX_DEPTH = 64;

/**
 * Whether `value` is an object made of what `JSON.parse` makes and nothing else: plain objects (whose
 * prototype is Object.prototype), arrays without gaps, strings, finite numbers, booleans and null,
 * with no prototype key (`__proto__`, `constructor`, `prototype`) at any depth. For such a value,
 * Nest's ValidationPipe walks have nothing to do: `closeArrayGaps` finds no gap, `stripProtoKeys`
 * no key to delete, and `findNestedBinaryValues` no binary value (class-transformer copies what it
 * is given, so its output holds none either). One walk answers for the three. Anything else (a
 * Date, a Buffer, a sparse array, an instance of a class, a very deep value) is `false`, and the
 * pipe walks it as Nest does. Symbol keys are not looked at: none of the three walks (nor
 * class-transformer) sees them either.
 */
export function isJsonTree(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const current = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > MAX_DEPTH) return false;
    if (Array.isArray(current)) {
      if (Object.getPrototypeOf(current) !== Array.prototype) return false;
      const { length } = current;
      for (let index = 0; index < length; index++) {
        if (!Object.hasOwn(current, index)) return false;
        const item: unknown = current[index];
        if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        } else if (!isJsonPrimitive(item)) return false;
      }
      // Only indexes: any other own key (a named property of the array) is not JSON.
      if (Object.keys(current).length !== length) return false;
      continue;
    }
    if (!isPlainObject(current)) return false;
    for (const key of Object.keys(current)) {
      if (PROTOTYPE_KEYS.has(key)) return false;
      const item: unknown = current[key];
      if (item !== null && typeof item === 'object') {
        stack.push(item);
        depths.push(depth + 1);
      } else if (!isJsonPrimitive(item)) return false;
    }
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

function isJsonPrimitive(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value === null ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

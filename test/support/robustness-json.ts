/**
 * JSON values as the robustness test writes them: numbers spelled exactly as generated (`-0`,
 * `1e400`, `9007199254740993` survive, which JSON.stringify would rewrite), and objects whose own
 * keys may be `__proto__`, `constructor` or `prototype` (an object literal would set the prototype).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Json = null | boolean | number | string | RawJson | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** An object with exactly these own keys, in this order (prototype keys included, as data). */
export function objectOf(entries: ReadonlyArray<readonly [string, Json]>): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

export const isJsonObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' &&
  value !== null &&
  !(value instanceof RawJson) &&
  !Array.isArray(value);

/** The object with `key` set to `value` (undefined = dropped), other keys kept in order. */
export function withKey(object: JsonObject, key: string, value: Json | undefined): JsonObject {
  const entries = Object.entries(object).filter(([name]) => name !== key);
  return objectOf(value === undefined ? entries : [...entries, [key, value]]);
}

/** JSON text of a (shallow) generated value; deep bodies are built as strings, never through this. */
export function jsonText(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `depth` nested objects or arrays around `innermost`, built as a string without recursion:
 * `{"a":{"a":…}}` or `[[…]]`.
 */
export function nestedText(kind: 'object' | 'array', depth: number, innermost = '1'): string {
  if (kind === 'array') return '['.repeat(depth) + innermost + ']'.repeat(depth);
  return '{"a":'.repeat(depth) + innermost + '}'.repeat(depth);
}

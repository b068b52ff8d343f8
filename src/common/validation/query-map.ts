import { Allow } from 'class-validator';
import { PROTOTYPE_KEYS } from './prototype-keys';

interface QueryMapSpec {
  property: string;
  name: string;
}

const specs = new WeakMap<object, QueryMapSpec>();

/**
 * Marks the property of a query DTO that collects the `<name>.<key>=<value>` and
 * `<name>[<key>]=<value>` (OpenAPI's deepObject) parameters: the list's metadata filters. Their keys
 * are data, not fields of the class, so the pipe takes them out of the query before class-validator
 * runs and sets this property to them afterwards; the property is no parameter itself.
 */
export function QueryMap(name: string): PropertyDecorator {
  const allow = Allow();
  return (target, property) => {
    allow(target, property);
    specs.set(target.constructor, { property: String(property), name });
  };
}

/** The key of `<name>.<key>` or `<name>[<key>]` (non-empty; no bracket inside), else undefined. */
function mapKey(parameter: string, name: string): string | undefined {
  if (!parameter.startsWith(name) || parameter.length <= name.length + 1) return undefined;
  const rest = parameter.slice(name.length);
  if (rest.startsWith('.')) return rest.slice(1);
  if (rest.startsWith('[') && rest.endsWith(']')) {
    const key = rest.slice(1, -1);
    return key.length > 0 && !/[[\]]/.test(key) ? key : undefined;
  }
  return undefined;
}

function specOf(type: object | null): QueryMapSpec | undefined {
  return type === null
    ? undefined
    : (specs.get(type) ?? specOf(Object.getPrototypeOf(type) as object | null));
}

/** A raw query split for validation, with what class-validator cannot see in it. */
export interface ReadQuery {
  /** What class-validator checks against the class. */
  params: Record<string, unknown>;
  /** The property and the `<name>.<key>` / `<name>[<key>]` parameters, key → value, when the class takes them. */
  map?: { property: string; entries: Map<string, string> };
  /** Unknown parameters the validation would not see: `__proto__`, `constructor`, `prototype`, the map's own name. */
  unknown: string[];
  /** The first parameter, in the order of the query, that was given more than once (a map key in both forms counts). */
  repeated?: string;
}

/**
 * Reads a raw query (node's querystring: a string per key, an array for a repeated key) for the
 * query DTO `type`: a map parameter with a non-empty key goes to the map, every other parameter to
 * the class's validation (where `metadata.` or `metadata[]` is an unknown one).
 */
export function readQuery(raw: unknown, type: object): ReadQuery {
  const spec = specOf(type);
  const params: Record<string, unknown> = {};
  const entries = new Map<string, string>();
  const unknown: string[] = [];
  let repeated: string | undefined;
  for (const [key, value] of Object.entries(raw !== null && typeof raw === 'object' ? raw : {})) {
    if (typeof value !== 'string') repeated ??= key;
    const mapped = spec && mapKey(key, spec.name);
    if (PROTOTYPE_KEYS.has(key) || key === spec?.property) unknown.push(key);
    else if (mapped !== undefined) {
      if (entries.has(mapped)) repeated ??= key;
      else if (typeof value === 'string') entries.set(mapped, value);
    } else params[key] = value;
  }
  // A Map, not an object: a key may be called `__proto__` or `constructor`.
  const map = spec && entries.size > 0 ? { property: spec.property, entries } : undefined;
  return { params, map, unknown, repeated };
}

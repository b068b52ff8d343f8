import { Type } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

/** Distinct valid queries remembered per query DTO class. */
const MAX_QUERIES_PER_CLASS = 256;
/** A longer query (as JSON) is validated every time rather than remembered. */
const MAX_KEY_LENGTH = 2048;

type Properties = Record<string, unknown>;

/**
 * The query DTOs the validation pipe accepted, by the raw query they came from. Validating a query
 * is a pure function of the class and the raw query (the rules read nothing else), and
 * class-validator's run costs about 15 µs per request, most of a list's validation; the same
 * `?limit=10` is validated once and every later request gets its own copy of the result. Only
 * valid queries are remembered: an invalid one goes through the validation every time, so its
 * error is made exactly as before.
 */
export class ValidQueries {
  private readonly byClass = new WeakMap<Type<object>, LRUCache<string, Properties>>();

  /** The remembering key of a raw query, or undefined when it is not to be remembered. */
  keyOf(raw: unknown): string | undefined {
    if (raw === null || typeof raw !== 'object') return undefined;
    const key = JSON.stringify(raw);
    return key.length <= MAX_KEY_LENGTH ? key : undefined;
  }

  /** A fresh instance of `type` equal to the one accepted for `key`, if one was. */
  get(type: Type<object>, key: string | undefined): object | undefined {
    const properties = key === undefined ? undefined : this.byClass.get(type)?.get(key);
    return properties && copyOf(type, properties);
  }

  /** Remembers `accepted`, what the validation answered for the query of `key`. */
  remember(type: Type<object>, key: string | undefined, accepted: object): void {
    if (key === undefined || Object.getPrototypeOf(accepted) !== type.prototype) return;
    const properties: Properties = { ...accepted };
    // Strings, numbers and the query map (copied on every use) only: anything else is not remembered.
    for (const value of Object.values(properties)) {
      if (value !== null && typeof value === 'object' && !(value instanceof Map)) return;
      if (typeof value === 'function') return;
    }
    let queries = this.byClass.get(type);
    if (!queries) {
      queries = new LRUCache<string, Properties>({ max: MAX_QUERIES_PER_CLASS });
      this.byClass.set(type, queries);
    }
    queries.set(key, properties);
  }
}

/** An instance of `type` with `properties`, each Map copied: no two requests share a mutable value. */
function copyOf(type: Type<object>, properties: Properties): object {
  const copy = Object.assign(Object.create(type.prototype as object) as Properties, properties);
  for (const [name, value] of Object.entries(copy))
    if (value instanceof Map) copy[name] = new Map(value);
  return copy;
}

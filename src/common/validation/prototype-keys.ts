import { FetFields } from '../errors/fet.exception';

/** Keys that reach an object's prototype when assigned (spec §2). */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/** Body members whose keys the contract names (or, for metadata, refuses as keys). */
const NAMED_BLOCKS = ['ssl', 'sshTunnel', 'metadata'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The prototype keys of a body where keys are the contract's field names: the top level and the
 * named blocks. Read with Object.keys on the parsed JSON, where they are own properties; the
 * transformer would drop or assign them, so they are caught here, before it runs. Keys that are
 * data (validate-schema's configNames and table names) are not looked at.
 */
export function prototypeKeyFields(body: unknown): FetFields {
  if (!isObject(body)) return {};
  const found: [string, string][] = [];
  for (const key of Object.keys(body)) {
    if (PROTOTYPE_KEYS.has(key)) found.push([key, 'is not an allowed field']);
  }
  for (const block of NAMED_BLOCKS) {
    const value = Object.hasOwn(body, block) ? body[block] : undefined;
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) found.push([`${block}.${key}`, 'is not an allowed field']);
    }
  }
  return Object.fromEntries(found);
}

/** Deepest JSON nesting a request body may have (spec §2); the body itself is level 1. */
export const MAX_BODY_DEPTH = 32;

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * True when `value` nests objects or arrays deeper than `max` levels. Walks with an explicit
 * stack, never recursion, so a body 100,000 levels deep costs a loop, not the call stack; and
 * allocates nothing per value (two parallel stacks of containers and their levels, children read
 * in place), since every body of every route passes here (validate-schema's hold 10,000 names).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (!isContainer(value)) return false;
  const containers: object[] = [value];
  const levels: number[] = [1];
  while (containers.length > 0) {
    const current = containers.pop() as object;
    const depth = levels.pop() as number;
    if (depth > max) return true;
    if (Array.isArray(current)) {
      for (const child of current as unknown[]) {
        if (isContainer(child)) {
          containers.push(child);
          levels.push(depth + 1);
        }
      }
    } else {
      const record = current as Record<string, unknown>;
      for (const key in record) {
        if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
        const child = record[key];
        if (isContainer(child)) {
          containers.push(child);
          levels.push(depth + 1);
        }
      }
    }
  }
  return false;
}

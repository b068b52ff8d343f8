/** Deepest JSON nesting a request body may have (spec §2); the body itself is level 1. */
export const MAX_BODY_DEPTH = 32;

/**
 * True when `value` nests objects or arrays deeper than `max` levels. Walks with an explicit
 * stack, never recursion, so a body 100,000 levels deep costs a loop, not the call stack.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** A property of a thrown value, whatever was thrown (undefined for non-objects). */
export function nativeField(error: unknown, name: string): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as Record<string, unknown>)[name];
}

/** `error.code` when it is a string (Node, pg, mysql2, tedious and oracledb put codes there). */
export function nativeCode(error: unknown): string | undefined {
  const code = nativeField(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** Enough for any real chain; a cyclic one stops here instead of looping. */
const MAX_CHAIN = 32;

/**
 * The error, its `cause` chain and whatever `more` finds on each link (AggregateError members,
 * a selection error's server descriptions), breadth first.
 */
export function nativeErrorChain(
  error: unknown,
  more: (link: object) => unknown[] = () => [],
): object[] {
  const chain: object[] = [];
  const queue: unknown[] = [error];
  for (let visited = 0; queue.length > 0 && visited < MAX_CHAIN; visited++) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object') continue;
    chain.push(current);
    queue.push(...more(current));
    const cause = nativeField(current, 'cause');
    if (cause !== undefined) queue.push(cause);
  }
  return chain;
}

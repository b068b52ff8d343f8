/** Levenshtein distance (insert, delete, substitute), two rows of memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  let current = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** How far a name may be from the asked one to still be suggested. */
export const suggestionBudget = (asked: string): number =>
  Math.max(2, Math.floor(asked.length / 3));

/**
 * The existing name closest to `asked` (compared case-insensitively, so a name that differs only
 * in case wins), when it is close enough; ties go to the name first in code-unit order.
 */
export function closestName(asked: string, candidates: Iterable<string>): string | undefined {
  const target = asked.toLowerCase();
  const budget = suggestionBudget(asked);
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - target.length) > budget) continue;
    const distance = editDistance(target, candidate.toLowerCase());
    if (
      distance < bestDistance ||
      (distance === bestDistance && best !== undefined && candidate < best)
    ) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

import { suggestionBudget } from './suggestion';

/** Names of one (lower-cased) length, lower-cased and sorted by code unit; `names[i]` as discovered. */
interface Bucket {
  lower: string[];
  names: string[];
}

/**
 * `closestName(asked, names)` over a fixed set of names (a cached catalog's tables), without
 * comparing the asked name with every one of them. The names are lower-cased, grouped by length and
 * sorted once; a query looks only at the lengths within its budget (the distance is at least the
 * difference of lengths), nearest length first, and walks each group as a trie (a run of names
 * sharing a prefix is one node), one Levenshtein row per node, leaving a branch as soon as no name
 * below it can be within the best distance found so far. Same answer as `closestName`, ties
 * included (its unit spec compares the two on random catalogs).
 */
export class NameSuggestions {
  private readonly buckets = new Map<number, Bucket>();

  constructor(names: Iterable<string>) {
    const entries = [...names].map((name) => ({ name, lower: name.toLowerCase() }));
    entries.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
    for (const { name, lower } of entries) {
      let bucket = this.buckets.get(lower.length);
      if (!bucket) {
        bucket = { lower: [], names: [] };
        this.buckets.set(lower.length, bucket);
      }
      bucket.lower.push(lower);
      bucket.names.push(name);
    }
  }

  /** The name closest to `asked` within its budget (see `closestName`), else undefined. */
  closest(asked: string): string | undefined {
    const search = new Search(asked);
    const length = search.target.length;
    for (let offset = 0; offset <= search.best; offset++) {
      const shorter = this.buckets.get(length - offset);
      if (shorter) search.walk(shorter);
      const longer = offset > 0 ? this.buckets.get(length + offset) : undefined;
      if (longer && offset <= search.best) search.walk(longer);
    }
    return search.bestName;
  }
}

/** One query: the best distance and name so far, and a Levenshtein row per trie depth. */
class Search {
  readonly target: string;
  private readonly budget: number;
  best: number;
  bestName: string | undefined;
  private readonly rows: Int32Array[] = [];
  private lower: string[] = [];
  private names: string[] = [];
  /** The length of every name of the bucket being walked. */
  private length = 0;

  constructor(asked: string) {
    this.target = asked.toLowerCase();
    this.budget = suggestionBudget(asked);
    this.best = this.budget;
  }

  walk(bucket: Bucket): void {
    this.lower = bucket.lower;
    this.names = bucket.names;
    this.length = bucket.lower[0].length;
    const first = this.row(0);
    for (let j = 0; j <= this.target.length; j++) first[j] = j;
    this.visit(0, bucket.lower.length, 0, first);
  }

  private row(depth: number): Int32Array {
    let row = this.rows[depth];
    if (!row) {
      row = new Int32Array(this.target.length + 1);
      this.rows[depth] = row;
    }
    return row;
  }

  /** Names `lo..hi-1` share their first `depth` characters, whose row (to the target) is `above`. */
  private visit(lo: number, hi: number, depth: number, above: Int32Array): void {
    if (depth === this.length) {
      for (let index = lo; index < hi; index++) this.offer(index, above);
      return;
    }
    const target = this.target;
    const width = target.length;
    // Characters left in every name below the next node.
    const left = this.length - depth - 1;
    for (let start = lo; start < hi; ) {
      const code = this.lower[start].charCodeAt(depth);
      const end = this.groupEnd(start, hi, depth, code);
      const row = this.row(depth + 1);
      row[0] = depth + 1;
      // The least distance any name below can reach: row[j] plus the length difference of the rests.
      let bound = row[0] + Math.abs(left - width);
      for (let j = 1; j <= width; j++) {
        const substitution = above[j - 1] + (target.charCodeAt(j - 1) === code ? 0 : 1);
        const value = Math.min(above[j] + 1, row[j - 1] + 1, substitution);
        row[j] = value;
        const reach = value + Math.abs(left - (width - j));
        if (reach < bound) bound = reach;
      }
      if (bound <= this.best) this.visit(start, end, depth + 1, row);
      start = end;
    }
  }

  /** The first index after `start` whose character at `depth` is not `code` (binary search). */
  private groupEnd(start: number, hi: number, depth: number, code: number): number {
    let low = start + 1;
    let high = hi;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.lower[middle].charCodeAt(depth) === code) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Name `index` ends at this row: a candidate when within the best distance (and closestName's length filter). */
  private offer(index: number, row: Int32Array): void {
    const distance = row[this.target.length];
    const name = this.names[index];
    if (distance > this.best || Math.abs(name.length - this.target.length) > this.budget) return;
    if (distance < this.best || this.bestName === undefined || name < this.bestName) {
      this.best = distance;
      this.bestName = name;
    }
  }
}

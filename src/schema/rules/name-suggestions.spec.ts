import { NameSuggestions } from './name-suggestions';
import { closestName } from './suggestion';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('NameSuggestions', () => {
  it('answers as closestName does on random catalogs (case, ties, lengths, lower-casing that changes a length)', () => {
    const next = random(7);
    // `İ` lower-cases to two code units: the length filter of closestName must be kept as it is.
    const alphabet = 'abcAB_.1İ';
    const word = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let trial = 0; trial < 2000; trial++) {
      const names = Array.from({ length: Math.floor(next() * 40) }, () =>
        word(Math.floor(next() * 9)),
      );
      const suggestions = new NameSuggestions(names);
      const asked = word(1 + Math.floor(next() * 9));
      expect([asked, names, suggestions.closest(asked)]).toEqual([
        asked,
        names,
        closestName(asked, names),
      ]);
    }
  });

  it('suggests in a generated catalog of 20,000 tables as a scan would', () => {
    const names = Array.from({ length: 20_000 }, (_, index) => `t${String(index + 1).padStart(5, '0')}`);
    const suggestions = new NameSuggestions(names);
    for (const asked of ['T00042', 't0004x', 't20001', 'sales_orders_2019', 'x', '']) {
      expect(suggestions.closest(asked)).toBe(closestName(asked, names));
    }
    expect(suggestions.closest('T00042')).toBe('t00042');
    expect(suggestions.closest('t0004x')).toBe('t00040');
  });

  it('suggests nothing from an empty catalog', () => {
    expect(new NameSuggestions([]).closest('orders')).toBeUndefined();
  });
});

import { MAX_BODY_DEPTH, nestsDeeperThan } from './json-depth';

const nested = (depth: number) =>
  JSON.parse('{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)) as unknown;

describe('nestsDeeperThan', () => {
  it('counts the body itself as level 1', () => {
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: {} }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: 'x', b: [1, 2] }, 1)).toBe(true);
  });

  it('allows exactly the limit and refuses one more, through objects and arrays alike', () => {
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH), MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ a: [[[[]]]] }, 5)).toBe(false);
    expect(nestsDeeperThan({ a: [[[[[]]]]] }, 5)).toBe(true);
  });

  it('walks 100,000 levels without recursion', () => {
    expect(nestsDeeperThan(nested(100_000), MAX_BODY_DEPTH)).toBe(true);
    expect(
      nestsDeeperThan(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)), MAX_BODY_DEPTH),
    ).toBe(true);
  });

  it('ignores scalars', () => {
    expect(nestsDeeperThan('deep', 0)).toBe(false);
    expect(nestsDeeperThan(null, 0)).toBe(false);
  });
});

import { mongoCollectionFilter } from './mongodb-discovery';

describe('mongoCollectionFilter', () => {
  it('lists every collection without globs', () => {
    expect(mongoCollectionFilter(undefined)).toEqual({});
    expect(mongoCollectionFilter([])).toEqual({});
  });

  it('asks the server for the names matching the globs, one anchored $regex', () => {
    expect(mongoCollectionFilter(['orders*', 'a.b'])).toEqual({
      name: { $regex: '^(?:orders[\\s\\S]*|a\\.b)$' },
    });
  });
});

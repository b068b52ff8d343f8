import { FetErrorCode } from '../../common/errors/fet-error-code';
import { parseSchemaQuery } from './schema-query';

describe('parseSchemaQuery', () => {
  it('absent → every schema', () => expect(parseSchemaQuery({})).toBeUndefined());

  it('splits, trims, drops empties and repeats', () => {
    expect(parseSchemaQuery({ schema: ' sales, archive,,sales ' })).toEqual(['sales', 'archive']);
  });

  it.each([
    [{ schemas: 'a' }, { schemas: 'is not a known query parameter' }],
    [{ schema: ['a', 'b'] }, { schema: 'must be given once' }],
    [{ schema: ' , ' }, { schema: 'must name at least one schema' }],
    [{ schema: 'x'.repeat(129) }, { schema: 'each schema name must be at most 128 characters' }],
  ])('%j → FET-0405', (query, fields) => {
    expect(() => parseSchemaQuery(query)).toThrow(
      expect.objectContaining({ code: FetErrorCode.InvalidQueryParameter, fields }),
    );
  });
});

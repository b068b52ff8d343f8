import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetValidationPipe } from '../../common/validation/fet-validation.pipe';
import { SchemaQueryDto } from './schema.query.dto';

const pipe = new FetValidationPipe();

/** The schemas to read, as the global pipe hands the query to the controller. */
async function schemasOf(query: Record<string, unknown>): Promise<string[] | undefined> {
  return (
    (await pipe.transform(query, { type: 'query', metatype: SchemaQueryDto })) as SchemaQueryDto
  ).schema;
}

describe('schema query', () => {
  it('absent → every schema', async () => expect(await schemasOf({})).toBeUndefined());

  it('splits, trims, drops empties and repeats', async () => {
    expect(await schemasOf({ schema: ' sales, archive,,sales ' })).toEqual(['sales', 'archive']);
  });

  it.each([
    [{ schemas: 'a' }, { schemas: 'is not a known query parameter' }],
    [{ schema: ['a', 'b'] }, { schema: 'must be given once' }],
    [{ schema: ' , ' }, { schema: 'must name at least one schema' }],
    [{ schema: 'x'.repeat(129) }, { schema: 'each schema name must be at most 128 characters' }],
  ])('%j → FET-0405', async (query, fields) => {
    await expect(schemasOf(query)).rejects.toThrow(
      expect.objectContaining({ code: FetErrorCode.InvalidQueryParameter, fields }),
    );
  });
});

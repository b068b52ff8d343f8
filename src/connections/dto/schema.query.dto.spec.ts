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

describe('tables query', () => {
  const tablesOf = async (query: Record<string, unknown>) =>
    (
      (await pipe.transform(query, {
        type: 'query',
        metatype: SchemaQueryDto,
      })) as SchemaQueryDto
    ).tables;

  it('absent → every table', async () => expect(await tablesOf({})).toBeUndefined());

  it('splits and trims, drops repeats, keeps the characters LIKE would treat specially', async () => {
    expect(await tablesOf({ tables: ' order_* , sales.100%,order_* ' })).toEqual([
      'order_*',
      'sales.100%',
    ]);
  });

  it('accepts 50 globs of 257 characters', async () => {
    const many = Array.from({ length: 50 }, (_, index) => `t${index}`).join(',');
    expect(await tablesOf({ tables: many })).toHaveLength(50);
    expect(await tablesOf({ tables: 'x'.repeat(257) })).toEqual(['x'.repeat(257)]);
  });

  it.each([
    [{ tables: '' }, { tables: 'must not hold a blank table pattern' }],
    [{ tables: 'a,,b' }, { tables: 'must not hold a blank table pattern' }],
    [{ tables: 'a, ' }, { tables: 'must not hold a blank table pattern' }],
    [
      { tables: Array.from({ length: 51 }, (_, index) => `t${index}`).join(',') },
      { tables: 'must hold at most 50 table patterns' },
    ],
    [{ tables: 'x'.repeat(258) }, { tables: 'each table pattern must be at most 257 characters' }],
    [{ tables: 'a\u0000b' }, { tables: 'a table pattern must not hold control characters' }],
    [{ tables: 'a\tb' }, { tables: 'a table pattern must not hold control characters' }],
    [{ tables: ['a', 'b'] }, { tables: 'must be given once' }],
  ])('%j → FET-0405', async (query, fields) => {
    await expect(tablesOf(query)).rejects.toThrow(
      expect.objectContaining({ code: FetErrorCode.InvalidQueryParameter, fields }),
    );
  });
});

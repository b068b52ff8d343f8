import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { parseValidateSchemaRequest } from './validate-schema.request';

const failure = (body: unknown): { code: FetErrorCode; fields?: Record<string, string> } => {
  try {
    parseValidateSchemaRequest(body);
  } catch (error) {
    if (error instanceof FetException) return { code: error.code, fields: error.fields };
    throw error;
  }
  throw new Error('expected a failure');
};

const many = (count: number, value: (index: number) => unknown) =>
  Object.fromEntries(Array.from({ length: count }, (_, index) => [`n${index}`, value(index)]));

describe('parseValidateSchemaRequest', () => {
  it('reads data sources, tables and fields, trimming names', () => {
    expect(
      parseValidateSchemaRequest({
        mappedFields: { ' sales ': { ' orders ': [' id ', 'amount'], lines: [] } },
      }),
    ).toEqual({
      dataSources: [
        {
          dataSourceId: 'sales',
          tables: [
            { table: 'orders', fields: ['id', 'amount'] },
            { table: 'lines', fields: [] },
          ],
        },
      ],
    });
  });

  it('trims every whitespace trim knows at either end of a field, and keeps other ends as they are', () => {
    // One table per name: a table whose fields all look clean keeps the body's array as it is.
    const asked = ['\u00a0id', 'id\u3000', '\ufeffid\u2028', '\u2003id', 'id\u00a0', 'é', 'ñame', 'naïve', 'x', '!', '~', 'a b'];
    const tables = Object.fromEntries(asked.map((name, index) => [`t${index}`, [name]]));
    const read = parseValidateSchemaRequest({ mappedFields: { s: tables } });
    expect(read.dataSources[0].tables.map((table) => table.fields[0])).toEqual([
      'id', 'id', 'id', 'id', 'id', 'é', 'ñame', 'naïve', 'x', '!', '~', 'a b',
    ]);
    expect(failure({ mappedFields: { s: { t: ['\u00a0'] } } })).toEqual({
      code: FetErrorCode.InvalidDataRequest,
      fields: { 'mappedFields.s.t[0]': 'must not be blank' },
    });
  });

  it('unknown top-level fields → FET-0400 listing them (before anything else)', () => {
    expect(failure({ extra: 1, also: 2 })).toEqual({
      code: FetErrorCode.UnexpectedFields,
      fields: { also: 'is not an allowed field', extra: 'is not an allowed field' },
    });
  });

  it.each([{}, { mappedFields: null }])('missing or null mappedFields → FET-0402 (%j)', (body) => {
    expect(failure(body)).toEqual({
      code: FetErrorCode.MissingFields,
      fields: { mappedFields: 'is required' },
    });
  });

  it('an empty mappedFields → FET-0401', () => {
    expect(failure({ mappedFields: {} }).code).toBe(FetErrorCode.InvalidDataRequest);
  });

  it('blank names → FET-0401 naming each', () => {
    expect(
      failure({ mappedFields: { ' ': { t: ['a'] }, db: { ' ': ['a'], t: ['', 'b'] } } }),
    ).toEqual({
      code: FetErrorCode.InvalidDataRequest,
      fields: {
        'mappedFields. ': 'must not be blank',
        'mappedFields.db. ': 'must not be blank',
        'mappedFields.db.t[0]': 'must not be blank',
      },
    });
  });

  it('wrong JSON types → FET-0001 naming each, before blank names', () => {
    expect(failure({ mappedFields: [] })).toEqual({
      code: FetErrorCode.BadRequest,
      fields: { mappedFields: 'must be an object of data sources' },
    });
    expect(failure({ mappedFields: { a: ['t'], b: { t: 'x' }, c: { t: [1, ''] } } })).toEqual({
      code: FetErrorCode.BadRequest,
      fields: {
        'mappedFields.a': 'must be an object of tables',
        'mappedFields.b.t': 'must be an array of field names',
        'mappedFields.c.t[0]': 'must be a string',
      },
    });
  });

  it('limits: 10 data sources, 20 tables each, 50 fields per table → FET-1061', () => {
    expect(
      parseValidateSchemaRequest({
        mappedFields: many(10, () => many(20, () => Array<string>(50).fill('f'))),
      }).dataSources,
    ).toHaveLength(10);
    expect(failure({ mappedFields: many(11, () => ({ t: ['f'] })) }).code).toBe(
      FetErrorCode.ValidationLimitExceeded,
    );
    expect(failure({ mappedFields: { db: many(21, () => ['f']) } })).toEqual({
      code: FetErrorCode.ValidationLimitExceeded,
      fields: { 'mappedFields.db': 'must name at most 20 tables' },
    });
    expect(failure({ mappedFields: { db: { t: Array(51).fill('f') } } })).toEqual({
      code: FetErrorCode.ValidationLimitExceeded,
      fields: { 'mappedFields.db.t': 'must name at most 50 fields' },
    });
  });
});

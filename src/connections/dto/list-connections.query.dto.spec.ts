import { Type } from '@nestjs/common';
import { FetException } from '../../common/errors/fet.exception';
import { FetValidationPipe } from '../../common/validation/fet-validation.pipe';
import { ListFilter } from '../domain/connection-page';
import { ConnectionPageQueryDto } from './connection-page.query.dto';
import { ListConnectionsQueryDto } from './list-connections.query.dto';

const pipe = new FetValidationPipe();

/** The query as the global pipe hands it to the controller, mapped to the service's filter. */
async function filterOf(
  query: Record<string, unknown>,
  metatype: Type<ConnectionPageQueryDto> = ListConnectionsQueryDto,
): Promise<ListFilter> {
  const dto = (await pipe.transform(query, { type: 'query', metatype })) as ConnectionPageQueryDto;
  return dto.toFilter();
}

async function answerOf(
  query: Record<string, unknown>,
  metatype?: Type<ConnectionPageQueryDto>,
): Promise<[string, Record<string, string>?]> {
  try {
    await filterOf(query, metatype);
  } catch (error) {
    if (error instanceof FetException) return [error.code, error.fields];
    throw error;
  }
  return ['ok'];
}

describe('list query', () => {
  it('has the spec defaults and no implicit date window', async () => {
    expect(await filterOf({})).toEqual({
      page: 1,
      limit: 10,
      sortBy: 'createdAt',
      sortOrder: 'desc',
    });
  });

  it.each([
    [{ foo: '1' }, 'FET-0405'],
    [{ page: ['1', '2'] }, 'FET-0405'],
    [{ page: '0' }, 'FET-0405'],
    [{ limit: '0' }, 'FET-0405'],
    [{ limit: '101' }, 'FET-0406'],
    [{ sortOrder: 'up' }, 'FET-0407'],
    [{ startDate: '2024-02-30' }, 'FET-0408'],
    [{ endDate: '2024/01/01' }, 'FET-0408'],
    [{ startDate: '2024-02-02', endDate: '2024-02-01' }, 'FET-0409'],
    [{ sortBy: 'host' }, 'FET-0405'],
    [{ type: 'SQLITE' }, 'FET-0405'],
    [
      {
        limit: '100',
        sortOrder: 'ASC',
        startDate: '2024-02-01',
        endDate: '2024-02-01',
        'metadata.team': 'a',
      },
      'ok',
    ],
  ])('%p → %s', async (query, code) => {
    expect((await answerOf(query))[0]).toBe(code);
  });

  it('bounds dates to whole UTC days, end inclusive', async () => {
    const filter = await filterOf({ startDate: '2024-02-01', endDate: '2024-02-01' });
    expect(filter.createdFrom?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(filter.createdBefore?.toISOString()).toBe('2024-02-02T00:00:00.000Z');
  });

  it('keeps metadata values exact and refuses filters on the unassigned list', async () => {
    expect((await filterOf({ 'metadata.team': ' a ' })).metadata).toEqual({ team: ' a ' });
    expect(await answerOf({ type: 'MYSQL', 'metadata.team': 'a' }, ConnectionPageQueryDto)).toEqual(
      [
        'FET-0405',
        {
          'metadata.team': 'is not a known query parameter',
          type: 'is not a known query parameter',
        },
      ],
    );
  });

  it('reads the deepObject form `metadata[<key>]` like `metadata.<key>` (what the OpenAPI document declares)', async () => {
    expect((await filterOf({ 'metadata[team]': 'finance', 'metadata.env': 'prod' })).metadata).toEqual({
      team: 'finance',
      env: 'prod',
    });
    expect((await filterOf({ 'metadata[a.b]': 'x' })).metadata).toEqual({ 'a.b': 'x' });
    expect(await answerOf({ 'metadata[team]': 'a', 'metadata.team': 'b' })).toEqual([
      'FET-0405',
      { 'metadata.team': 'must be given once' },
    ]);
    for (const key of ['metadata[]', 'metadata[a][b]', 'metadata[a', 'metadatax']) {
      expect(await answerOf({ [key]: 'x' })).toEqual(['FET-0405', { [key]: 'is not a known query parameter' }]);
    }
  });

  it('trims values, reads sortOrder and type in any case, leaves blank filters out', async () => {
    expect(
      await filterOf({
        page: ' 2 ',
        limit: '05',
        sortBy: ' configName ',
        sortOrder: ' ASC ',
        type: ' mysql ',
        host: ' ',
        databaseName: '',
        configName: ' x ',
      }),
    ).toEqual({
      page: 2,
      limit: 5,
      sortBy: 'configName',
      sortOrder: 'asc',
      type: 'MYSQL',
      configNameContains: 'x',
    });
  });
});

describe('list query: one answer for several bad parameters, in the check order', () => {
  it.each<[Record<string, unknown>, string, Record<string, string>]>([
    [
      { foo: '1', bar: '2', page: '0' },
      'FET-0405',
      { bar: 'is not a known query parameter', foo: 'is not a known query parameter' },
    ],
    [
      { 'metadata.': 'x', limit: '101' },
      'FET-0405',
      { 'metadata.': 'is not a known query parameter' },
    ],
    [
      { page: '0', limit: ['1', '2'], sortOrder: ['a', 'b'] },
      'FET-0405',
      { limit: 'must be given once' },
    ],
    [
      { 'metadata.team': ['a', 'b'], page: ['1', '2'] },
      'FET-0405',
      { 'metadata.team': 'must be given once' },
    ],
    [{ page: '0', limit: 'ten' }, 'FET-0405', { limit: 'must be an integer between 1 and 100' }],
    [{ limit: '1000000000' }, 'FET-0405', { limit: 'must be an integer between 1 and 100' }],
    [{ page: '0', sortOrder: 'up', limit: '101' }, 'FET-0406', { limit: 'must be at most 100' }],
    [
      { page: '0', sortOrder: 'up', startDate: 'x' },
      'FET-0407',
      { sortOrder: 'must be asc or desc' },
    ],
    [
      { page: '0', endDate: 'x', startDate: 'y' },
      'FET-0408',
      { startDate: 'must be a calendar day as YYYY-MM-DD' },
    ],
    [
      { page: '0', startDate: '2024-02-02', endDate: '2024-02-01' },
      'FET-0409',
      { endDate: 'must not be before startDate' },
    ],
    [
      { type: 'DB2', sortBy: 'host', page: '1.5' },
      'FET-0405',
      { page: 'must be an integer of at least 1' },
    ],
    [
      { type: 'DB2', sortBy: 'host' },
      'FET-0405',
      { sortBy: 'must be one of createdAt, updatedAt, configName' },
    ],
  ])('%p → %s %p', async (query, code, fields) => {
    expect(await answerOf(query)).toEqual([code, fields]);
  });
});

describe('list query: keys that are data', () => {
  it('keeps a metadata filter named __proto__ as a filter (an own key)', async () => {
    const { metadata } = await filterOf({ 'metadata.__proto__': 'x', 'metadata.team': 'a' });
    expect(metadata && Object.entries(metadata)).toEqual([
      ['__proto__', 'x'],
      ['team', 'a'],
    ]);
  });

  it('calls a parameter named like a prototype key unknown, with the other unknown ones', async () => {
    const query: Record<string, unknown> = { constructor: '1', prototype: '2', foo: '3' };
    Object.defineProperty(query, '__proto__', { value: '4', enumerable: true });
    expect(await answerOf(query)).toEqual([
      'FET-0405',
      Object.fromEntries(
        ['__proto__', 'constructor', 'foo', 'prototype'].map((key) => [
          key,
          'is not a known query parameter',
        ]),
      ),
    ]);
  });

  it('takes a bracketed IPv6 host filter without its brackets', async () => {
    expect((await filterOf({ host: '[::1]' })).host).toBe('::1');
  });
});

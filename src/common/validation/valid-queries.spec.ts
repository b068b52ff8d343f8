import { ListConnectionsQueryDto } from '../../connections/dto/list-connections.query.dto';
import { FetException } from '../errors/fet.exception';
import { FetValidationPipe } from './fet-validation.pipe';

const metadata = { type: 'query' as const, metatype: ListConnectionsQueryDto };
/** A raw query as Node's querystring makes it: no prototype. */
const raw = (query: Record<string, string>) => Object.assign(Object.create(null) as object, query);

async function codeOf(pipe: FetValidationPipe, query: object): Promise<string | undefined> {
  try {
    await pipe.transform(query, metadata);
  } catch (error) {
    if (error instanceof FetException) return error.code;
    throw error;
  }
  return undefined;
}

describe('FetValidationPipe: a query accepted once (ValidQueries)', () => {
  it('answers every later request with its own instance, equal to the first, its metadata map copied', async () => {
    const pipe = new FetValidationPipe();
    const query = { limit: '25', sortOrder: 'ASC', 'metadata[team]': 'data', type: 'postgresql' };
    const first = (await pipe.transform(raw(query), metadata)) as ListConnectionsQueryDto;
    const second = (await pipe.transform(raw(query), metadata)) as ListConnectionsQueryDto;
    expect(second).toBeInstanceOf(ListConnectionsQueryDto);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(second.toFilter()).toEqual(first.toFilter());
    expect(second.toFilter()).toMatchObject({
      limit: 25,
      sortOrder: 'asc',
      type: 'POSTGRESQL',
      metadata: { team: 'data' },
    });
    expect(second.metadata).not.toBe(first.metadata);
    second.metadata?.set('team', 'changed');
    const third = (await pipe.transform(raw(query), metadata)) as ListConnectionsQueryDto;
    expect(third.toFilter().metadata).toEqual({ team: 'data' });
  });

  it('validates an invalid query every time, with the same error', async () => {
    const pipe = new FetValidationPipe();
    expect(await codeOf(pipe, raw({ limit: '0' }))).toBe('FET-0405');
    expect(await codeOf(pipe, raw({ limit: '0' }))).toBe('FET-0405');
    expect(await codeOf(pipe, raw({ limit: '10' }))).toBeUndefined();
    expect(await codeOf(pipe, raw({ limit: '10', nope: 'x' }))).not.toBeUndefined();
  });

  it('tells apart queries that differ only in order or repetition', async () => {
    const pipe = new FetValidationPipe();
    const once = raw({ limit: '10' });
    const twice = Object.assign(Object.create(null) as object, { limit: ['10', '10'] });
    expect(await codeOf(pipe, once)).toBeUndefined();
    expect(await codeOf(pipe, twice)).not.toBeUndefined();
  });
});

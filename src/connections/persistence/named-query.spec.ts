import { Query } from 'pg';
import { NamedQuery } from './named-query';

/** Every field a query carries into pg's client, with its result builder's. */
function fields(query: Query): Record<string, unknown> {
  const own = { ...(query as unknown as Record<string, unknown>) };
  const result = own._result as Record<string, unknown>;
  delete own._result;
  delete own._results;
  return { ...own, result: { ...result }, sameResults: (query as unknown as { _results: unknown })._results === result };
}

describe('NamedQuery', () => {
  it('carries what pg makes of { name, text, values }', () => {
    const values = ['a', 1, null];
    const ours = new NamedQuery('cs_1', 'SELECT $1::text, $2::int, $3::text', values);
    const pgs = new Query({ name: 'cs_1', text: 'SELECT $1::text, $2::int, $3::text', values });
    expect(fields(ours)).toEqual(fields(pgs));
    expect(ours.name).toBe('cs_1');
    expect((ours as unknown as { values: unknown }).values).toBe(values);
    expect(ours).toBeInstanceOf(Query);
  });
});

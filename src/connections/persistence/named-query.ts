import { Query } from 'pg';
import type { Pool, QueryResult, QueryResultRow } from 'pg';

/**
 * pg's query of a named prepared statement, made without pg's copy of a query config. Handed
 * `{ name, text, values }`, pg copies the object property by property through
 * `Object.getOwnPropertyDescriptors` before it reads it (utils.cloneQueryConfig: ~3 µs, and a
 * dictionary-mode object its constructor then reads from); handed a text and values, it makes a
 * plain `{ text, values }` instead. This Query is built from the text and values, then named: the
 * same fields as pg's own from `{ name, text, values }` (the name makes pg parse it once per
 * connection, see PreparedStatements). A Query is a submittable, which pg's client runs as it is.
 */
export class NamedQuery extends Query {
  /** pg's own field (its types leave it out): a named query is prepared (Query.requiresPreparation). */
  declare name: string;

  constructor(name: string, text: string, values: unknown[]) {
    super(text, values);
    this.name = name;
  }
}

/**
 * Runs `query` on a client of `pool` and resolves to its result. pg-pool's `query` hands any query
 * to the client with a callback, which a submittable's result comes back through; pg's types only
 * describe the stream case (a submittable returned as it is), hence the cast.
 */
export function runNamed<R extends QueryResultRow>(pool: Pool, query: NamedQuery): Promise<QueryResult<R>> {
  return (pool.query as unknown as (query: NamedQuery) => Promise<QueryResult<R>>).call(pool, query);
}

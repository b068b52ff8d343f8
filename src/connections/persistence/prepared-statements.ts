import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { NamedQuery, runNamed } from './named-query';

/**
 * Runs statements on the PostgreSQL store as named prepared statements: each pooled connection
 * parses and plans a text once, then only binds and executes it. The name is derived from the text
 * (the same text always gets the same name, two texts never share one), so the set of names is the
 * set of texts the code writes, which is small and fixed. TypeORM's `query()` sends every statement
 * unnamed, parsed and planned again each time; for the audited writes, that planning was most of
 * what the history event added to a create (see docs/benchmarks.md, history suite).
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(private readonly dataSource: DataSource) {}

  async rows<R extends QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    const result = await runNamed<R>(this.pool(), new NamedQuery(this.nameOf(text), text, values));
    return result.rows;
  }

  /** The pg pool behind the DataSource (TypeORM's PostgreSQL driver keeps it as `master` once initialized). */
  private pool(): Pool {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool || typeof pool.query !== 'function') {
      throw new Error('PreparedStatements needs an initialized PostgreSQL DataSource');
    }
    return pool;
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      name = `cs_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

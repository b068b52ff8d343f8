import { Client, Query, QueryArrayConfig } from 'pg';

/**
 * A pg Query that keeps no rows: pg keeps every row of a query that has a callback (and the
 * session's `query_timeout` always gives it one), here each row goes to the 'row' listeners only.
 * `_accumulateRows` is pg's own switch for it (pg/lib/query.js, set when the row description
 * arrives); test/postgres-row-query.e2e-spec.ts fails if a pg upgrade stops honouring it.
 */
class RowByRowQuery extends Query {
  handleRowDescription(message: unknown): void {
    (
      Query.prototype as unknown as { handleRowDescription(message: unknown): void }
    ).handleRowDescription.call(this, message);
    (this as unknown as { _accumulateRows: boolean })._accumulateRows = false;
  }
}

/**
 * Runs one query on `client` and hands each row to `onRow` as pg parses it, without keeping it.
 * Settles as `client.query()` does: once the server is ready again, or with the query's error, the
 * session's `query_timeout` included. An `onRow` that throws stops the rows that follow (they are
 * still read off the wire) and its error rejects the promise.
 */
export function queryRowByRow<R extends unknown[]>(
  client: Client,
  config: { text: string; values: unknown[] },
  onRow: (row: R) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    const arrayMode: QueryArrayConfig = { ...config, rowMode: 'array' };
    const query = new RowByRowQuery(arrayMode, (error: Error | undefined) => {
      if (error) reject(error);
      else if (failure) reject(failure);
      else resolve();
    });
    query.on('row', (row: R) => {
      if (failure) return;
      try {
        onRow(row);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    });
    void client.query(query);
  });
}

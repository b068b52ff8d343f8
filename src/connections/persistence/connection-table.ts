import { DataSource } from 'typeorm';
import { ConnectionEntity } from './connection.entity';
import { EntityTable, SqlParams } from './entity-table';

export { RawRow, SqlParams } from './entity-table';
export type ConnectionColumn = keyof ConnectionEntity;

/**
 * The connections table as raw SQL sees it (EntityTable), with the two conditions the list's
 * filters need in each store's own SQL.
 */
export class ConnectionTable extends EntityTable<ConnectionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ConnectionEntity);
  }

  /** The JSON object in `column` holds `key` with exactly `value`. */
  jsonValueEquals(column: ConnectionColumn, key: string, value: string, sql: SqlParams): string {
    return this.postgres
      ? `(${this.column(column)}::jsonb ->> ${sql.add(key)}) = ${sql.add(value)}`
      : `EXISTS (SELECT 1 FROM json_each(${this.name}.${this.column(column)}) m WHERE m.key = ${sql.add(key)} AND m.value = ${sql.add(value)})`;
  }

  /**
   * `column` equals one of `values`. On PostgreSQL `= ANY(<one array parameter>)`: the same text
   * whatever the number of values, so it can run as one named prepared statement (parsed and planned
   * once per pooled connection) and still use the column's index. SQLite has no arrays: `IN (?, …)`.
   */
  isAnyOf(column: ConnectionColumn, values: readonly string[], sql: SqlParams): string {
    return this.postgres
      ? `${this.column(column)} = ANY(${sql.add(values)})`
      : `${this.column(column)} IN (${values.map((value) => sql.add(value)).join(', ')})`;
  }

  /** `column` contains `needle` as plain text: no LIKE, so `%` and `_` need no escaping. */
  contains(column: ConnectionColumn, needle: string, sql: SqlParams): string {
    return `${this.postgres ? 'strpos' : 'instr'}(${this.column(column)}, ${sql.add(needle)}) > 0`;
  }
}

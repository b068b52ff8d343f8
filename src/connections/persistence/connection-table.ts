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

  /** `column` contains `needle` as plain text: no LIKE, so `%` and `_` need no escaping. */
  contains(column: ConnectionColumn, needle: string, sql: SqlParams): string {
    return `${this.postgres ? 'strpos' : 'instr'}(${this.column(column)}, ${sql.add(needle)}) > 0`;
  }
}

import { DataSource, Driver, EntityMetadata } from 'typeorm';
import { ConnectionEntity } from './connection.entity';

type ColumnMetadata = EntityMetadata['columns'][number];
export type ConnectionColumn = keyof ConnectionEntity;
/** A row as the driver returns it, keyed by database column name. */
export type RawRow = Record<string, unknown>;

/** Collects parameters and writes the driver's own placeholder for each (`$1` on PostgreSQL, `?` on SQLite). */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly driver: Driver) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.driver.createParameter(`p${this.values.length}`, this.values.length - 1);
  }
}

/**
 * The connections table as raw SQL sees it: every name comes from the entity's TypeORM metadata,
 * read once at startup, so the entity stays the single source of column names.
 */
export class ConnectionTable {
  readonly name: string;
  /** `SELECT <every entity column> FROM <table>` */
  readonly selectAll: string;
  readonly postgres: boolean;
  private readonly columns: readonly ColumnMetadata[];
  private readonly names: Readonly<Record<ConnectionColumn, string>>;

  constructor(private readonly dataSource: DataSource) {
    const metadata = dataSource.getMetadata(ConnectionEntity);
    const { driver } = dataSource;
    this.columns = metadata.columns;
    this.names = Object.fromEntries(this.columns.map((column) => [column.propertyName, driver.escape(column.databaseName)])) as Record<
      ConnectionColumn,
      string
    >;
    this.name = driver.escape(metadata.tableName);
    this.selectAll = `SELECT ${this.columns.map((column) => this.names[column.propertyName as ConnectionColumn]).join(', ')} FROM ${this.name}`;
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** The quoted column name of an entity property. */
  column(property: ConnectionColumn): string {
    return this.names[property];
  }

  params(): SqlParams {
    return new SqlParams(this.dataSource.driver);
  }

  /** The entity TypeORM itself would hydrate from this row (driver conversions, then each column's transformer). */
  toEntity(raw: RawRow): ConnectionEntity {
    const { driver } = this.dataSource;
    const entity = new ConnectionEntity();
    const fields = entity as unknown as Record<string, unknown>;
    for (const column of this.columns) {
      fields[column.propertyName] = driver.prepareHydratedValue(raw[column.databaseName], column);
    }
    return entity;
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

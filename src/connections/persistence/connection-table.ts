import { DataSource, Driver, EntityMetadata } from 'typeorm';
import { ConnectionEntity } from './connection.entity';

type ColumnMetadata = EntityMetadata['columns'][number];
export type ConnectionColumn = keyof ConnectionEntity;
/** A row as the driver returns it, keyed by the entity's property names (the select aliases them). */
export type RawRow = Record<string, unknown>;

// Both drivers return these column types as TypeORM would hydrate them; any other column is hydrated.
const RETURNED_AS_IS: ReadonlySet<unknown> = new Set(['varchar', 'text', 'integer']);

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
  /** `SELECT <every entity column, aliased to its property name> FROM <table>` */
  readonly selectAll: string;
  private readonly postgres: boolean;
  private readonly names: Readonly<Record<ConnectionColumn, string>>;
  /** Columns whose value the driver or a transformer changes on the way in. */
  private readonly hydrated: readonly ColumnMetadata[];

  constructor(private readonly dataSource: DataSource) {
    const metadata = dataSource.getMetadata(ConnectionEntity);
    const { driver } = dataSource;
    const { columns } = metadata;
    this.names = Object.fromEntries(columns.map((column) => [column.propertyName, driver.escape(column.databaseName)])) as Record<
      ConnectionColumn,
      string
    >;
    this.name = driver.escape(metadata.tableName);
    const selected = columns.map((column) =>
      column.databaseName === column.propertyName
        ? driver.escape(column.databaseName)
        : `${driver.escape(column.databaseName)} AS ${driver.escape(column.propertyName)}`,
    );
    this.selectAll = `SELECT ${selected.join(', ')} FROM ${this.name}`;
    this.hydrated = columns.filter((column) => column.transformer !== undefined || !RETURNED_AS_IS.has(column.type));
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
    for (const column of this.hydrated) raw[column.propertyName] = driver.prepareHydratedValue(raw[column.propertyName], column);
    // Every entity property is a key of the row: selectAll aliases each column to it.
    return raw as unknown as ConnectionEntity;
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

import { DataSource, Driver, EntityMetadata, EntityTarget } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];
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
 * A table as raw SQL sees it: every name comes from the entity's TypeORM metadata, read once at
 * startup, so the entity stays the single source of column names, and values are written as
 * TypeORM would write them (the column's transformer, then the driver's conversion).
 */
export class EntityTable<E extends object> {
  readonly name: string;
  /** `SELECT <every entity column, aliased to its property name> FROM <table>` */
  readonly selectAll: string;
  /** Every column, quoted, in the entity's order: the column list of an INSERT. */
  readonly columnList: string;
  protected readonly postgres: boolean;
  private readonly columns: readonly ColumnMetadata[];
  private readonly byProperty: ReadonlyMap<string, ColumnMetadata>;
  private readonly names: Readonly<Record<keyof E, string>>;
  /** Columns whose value the driver or a transformer changes on the way in. */
  private readonly hydrated: readonly ColumnMetadata[];
  /** Per column (in `columns`' order): whether the driver or a transformer changes its value on the way out. */
  private readonly prepared: readonly boolean[];
  /** The text of `insert` and `typedValues`, by the number of parameters before them (the same every time). */
  private readonly insertTexts = new Map<number, string>();
  private readonly typedTexts = new Map<number, string>();

  constructor(
    protected readonly dataSource: DataSource,
    entity: EntityTarget<E>,
  ) {
    const metadata = dataSource.getMetadata(entity);
    const { driver } = dataSource;
    this.columns = metadata.columns;
    this.byProperty = new Map(this.columns.map((column) => [column.propertyName, column]));
    this.names = Object.fromEntries(
      this.columns.map((column) => [column.propertyName, driver.escape(column.databaseName)]),
    ) as Record<keyof E, string>;
    this.name = driver.escape(metadata.tableName);
    const selected = this.columns.map((column) =>
      column.databaseName === column.propertyName
        ? driver.escape(column.databaseName)
        : `${driver.escape(column.databaseName)} AS ${driver.escape(column.propertyName)}`,
    );
    this.selectAll = `SELECT ${selected.join(', ')} FROM ${this.name}`;
    this.columnList = this.columns.map((column) => driver.escape(column.databaseName)).join(', ');
    const converted = (column: ColumnMetadata) =>
      column.transformer !== undefined || !RETURNED_AS_IS.has(column.type);
    this.hydrated = this.columns.filter(converted);
    this.prepared = this.columns.map(converted);
    this.postgres = dataSource.options.type === 'postgres';
  }

  /** The quoted column name of an entity property. */
  column(property: keyof E): string {
    return this.names[property];
  }

  params(): SqlParams {
    return new SqlParams(this.dataSource.driver);
  }

  /** The entity TypeORM itself would hydrate from this row (driver conversions, then each column's transformer). */
  toEntity(raw: RawRow): E {
    const { driver } = this.dataSource;
    for (const column of this.hydrated)
      raw[column.propertyName] = driver.prepareHydratedValue(raw[column.propertyName], column);
    // Every entity property is a key of the row: selectAll aliases each column to it.
    return raw as unknown as E;
  }

  /**
   * The value of every column of `entity`, in `columnList`'s order, as the driver is handed it: the
   * driver's own preparation for the columns it changes, as is for the others (text and integers,
   * which both drivers hand on unchanged; as `toEntity` does on the way in).
   */
  valuesOf(entity: E): unknown[] {
    const row = entity as Record<string, unknown>;
    const { columns, prepared } = this;
    const values = new Array<unknown>(columns.length);
    for (let index = 0; index < columns.length; index++) {
      const value = row[columns[index].propertyName];
      values[index] = prepared[index] ? this.persistent(columns[index], value) : value;
    }
    return values;
  }

  /**
   * `INSERT INTO <table> (<every column>) VALUES (<placeholders>)` for `entity`. The text depends
   * only on how many parameters come before it, so it is written once per such count.
   */
  insert(entity: E, sql: SqlParams): string {
    return this.withPlaceholders(this.insertTexts, entity, sql, (placeholders) =>
      `INSERT INTO ${this.name} (${this.columnList}) VALUES (${placeholders.join(', ')})`,
    );
  }

  /** `<column> = <placeholder>, …` for each property given. */
  assignments(values: Partial<E>, sql: SqlParams): string {
    return Object.entries(values)
      .map(
        ([property, value]) =>
          `${this.names[property as keyof E]} = ${sql.add(this.persistent(this.columnOf(property), value))}`,
      )
      .join(', ');
  }

  /**
   * `<placeholder>::<type>, …` for every column of `entity`: the values of a SELECT that feeds an
   * INSERT (PostgreSQL types a bare parameter there as text, so each says its column's type).
   */
  typedValues(entity: E, sql: SqlParams): string {
    return this.withPlaceholders(this.typedTexts, entity, sql, (placeholders) =>
      placeholders
        .map((placeholder, index) => `CAST(${placeholder} AS ${String(this.columns[index].type)})`)
        .join(', '),
    );
  }

  /** Adds `entity`'s values to `sql`; the text `write` makes of their placeholders, from `texts` once made. */
  private withPlaceholders(
    texts: Map<number, string>,
    entity: E,
    sql: SqlParams,
    write: (placeholders: string[]) => string,
  ): string {
    const before = sql.values.length;
    const values = this.valuesOf(entity);
    let text = texts.get(before);
    if (text === undefined) {
      text = write(values.map((value) => sql.add(value)));
      texts.set(before, text);
    } else {
      for (const value of values) sql.values.push(value);
    }
    return text;
  }

  private columnOf(property: string): ColumnMetadata {
    const column = this.byProperty.get(property);
    if (!column) throw new Error(`${property} is not a column of ${this.name}`);
    return column;
  }

  /** The driver's own preparation, which applies the column's transformer first. */
  private persistent(column: ColumnMetadata, value: unknown): unknown {
    return this.dataSource.driver.preparePersistentValue(value, column);
  }
}

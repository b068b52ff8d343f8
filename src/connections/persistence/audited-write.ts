import type { Database, Statement, Transaction } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { HistoryEvent } from '../history/history-event';
import { EntityTable, SqlParams } from './entity-table';
import { HistoryEventEntity } from './history-event.entity';
import { HistoryEventMapper } from './history-event.mapper';
import { PreparedStatements } from './prepared-statements';
import { translateStoreError } from './translate-store-error';

/** One INSERT or UPDATE of the connections table, written with the placeholders of `sql`. */
export type Write = (sql: SqlParams) => string;

/**
 * Runs a write of the connections table and appends its history events in one transaction (spec
 * §3.14: no change without its event, no event without its change). Resolves to the number of rows
 * the write changed; the events are written only when it changed one, and a write that fails
 * (conflict, store error, a refused event) leaves neither. Store errors come translated
 * (translateStoreError).
 */
export interface AuditedWrite {
  run(write: Write, events: readonly HistoryEvent[]): Promise<number>;
}

/**
 * PostgreSQL: ONE statement, so one round trip and one implicit transaction:
 * `WITH changed AS (<write> RETURNING 1), logged AS (INSERT INTO connection_events … SELECT … FROM
 * changed) SELECT COUNT(*) FROM changed`. PostgreSQL runs every data-modifying part of a WITH to
 * completion; `logged` inserts one row per event for each changed row, so a guarded UPDATE that
 * matched nothing logs nothing, and any failure (a unique index, a refused event) fails both. The
 * statement is a named prepared one: planned once per pooled connection, not on every write.
 */
class PostgresAuditedWrite implements AuditedWrite {
  private readonly statements: PreparedStatements;
  /**
   * The statement's text by the write's text and the number of events: the same write with as many
   * events always makes the same text (each event's placeholders follow the write's), so it is
   * put together once, and the same string is looked up again by name.
   */
  private readonly texts = new Map<string, string[]>();

  constructor(
    dataSource: DataSource,
    private readonly events: EntityTable<HistoryEventEntity>,
  ) {
    this.statements = new PreparedStatements(dataSource);
  }

  async run(write: Write, events: readonly HistoryEvent[]): Promise<number> {
    const sql = this.events.params();
    const written = write(sql);
    const rows = events.map((event) => this.events.typedValues(HistoryEventMapper.toEntity(event), sql));
    try {
      const [{ affected }] = await this.statements.rows<{ affected: string | number }>(
        this.statementText(written, rows),
        sql.values,
      );
      return Number(affected);
    } catch (error) {
      throw translateStoreError(error);
    }
  }

  private statementText(written: string, rows: readonly string[]): string {
    let byCount = this.texts.get(written);
    if (byCount === undefined) {
      byCount = [];
      this.texts.set(written, byCount);
    }
    let text = byCount[rows.length];
    if (text === undefined) {
      text = `WITH changed AS (${written} RETURNING 1)`;
      if (rows.length > 0) {
        const selects = rows.map((values) => `SELECT ${values} FROM changed`);
        text += `, logged AS (INSERT INTO ${this.events.name} (${this.events.columnList}) ${selects.join(' UNION ALL ')})`;
      }
      text += ' SELECT COUNT(*) AS affected FROM changed';
      byCount[rows.length] = text;
    }
    return text;
  }
}

/**
 * SQLite: better-sqlite3 is synchronous, and TypeORM shares its one database connection between
 * every caller. A transaction through TypeORM's query runner would await between its statements,
 * and another request's statements would run inside it (and be rolled back with it). So the
 * transaction runs on the driver's connection directly, in one synchronous call
 * (`db.transaction`): nothing else can run on that connection until it has committed or rolled
 * back. Statements are prepared once per text.
 */
class SqliteAuditedWrite implements AuditedWrite {
  private readonly statements = new Map<string, Statement>();
  private readonly insertEvent: string;
  private readonly transaction: Transaction<
    (write: { text: string; values: unknown[] }, events: unknown[][]) => number
  >;

  constructor(
    dataSource: DataSource,
    private readonly events: EntityTable<HistoryEventEntity>,
  ) {
    const db = (dataSource.driver as unknown as { databaseConnection: Database })
      .databaseConnection;
    this.insertEvent = `INSERT INTO ${events.name} (${events.columnList}) VALUES (${events.columnList
      .split(', ')
      .map(() => '?')
      .join(', ')})`;
    this.transaction = db.transaction(
      (write: { text: string; values: unknown[] }, rows: unknown[][]) => {
        const { changes } = this.statement(db, write.text).run(...write.values);
        if (changes > 0) for (const row of rows) this.statement(db, this.insertEvent).run(...row);
        return changes;
      },
    );
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- synchronous on purpose (see the class), async for the port
  async run(write: Write, events: readonly HistoryEvent[]): Promise<number> {
    const sql = this.events.params();
    const text = write(sql);
    const rows = events.map((event) => this.events.valuesOf(HistoryEventMapper.toEntity(event)));
    try {
      // IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before the first statement.
      return this.transaction.immediate({ text, values: sql.values }, rows);
    } catch (error) {
      throw translateStoreError(error);
    }
  }

  private statement(db: Database, text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** The audited write of the store behind `dataSource` (PostgreSQL or the embedded SQLite). */
export function auditedWrite(
  dataSource: DataSource,
  events: EntityTable<HistoryEventEntity>,
): AuditedWrite {
  return dataSource.options.type === 'postgres'
    ? new PostgresAuditedWrite(dataSource, events)
    : new SqliteAuditedWrite(dataSource, events);
}

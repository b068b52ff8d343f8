import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, IsNull, MoreThan, QueryDeepPartialEntity, Repository } from 'typeorm';
import { Connection } from '../domain/connection';
import { ConnectionQuery, Page, SortField } from '../domain/connection-page';
import { HistoryEvent } from '../history/history-event';
import { AuditedWrite, auditedWrite } from './audited-write';
import { ConnectionColumn, ConnectionTable, RawRow, SqlParams } from './connection-table';
import { ConnectionEntity } from './connection.entity';
import { ConnectionMapper } from './connection.mapper';
import { ConnectionRepository } from './connection.repository';
import { EntityTable } from './entity-table';
import { HistoryEventEntity } from './history-event.entity';
import { LIVE_COUNTS_TABLE, NO_PRODUCT_KEY } from './live-counts';
import { StoreReads, preparedStoreReads, storeReads } from './store-reads';
import { translateStoreError } from './translate-store-error';

/** The fields of a list query that filter nothing: a list with no other field set is counted by the counters (any new field is a filter). */
const UNFILTERED: ReadonlySet<string> = new Set<keyof ConnectionQuery>(['organizationId', 'productName', 'sortBy', 'sortOrder', 'page', 'limit']);

const SORT_COLUMN: Record<SortField, ConnectionColumn> = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  configName: 'configNameKey',
};

/**
 * The store adapter for SQLite (embedded) and PostgreSQL. Reads are raw SQL built from the entity's
 * metadata, because TypeORM's query builder measured slower on the hot read path
 * (docs/benchmarks.md). A change is raw SQL too, written with its history events in one
 * transaction (AuditedWrite: one statement on PostgreSQL); key rotation's writes go through TypeORM.
 */
@Injectable()
export class TypeOrmConnectionRepository extends ConnectionRepository {
  private readonly rows: Repository<ConnectionEntity>;
  private readonly table: ConnectionTable;
  private readonly audited: AuditedWrite;
  private readonly countsTable: string;
  private readonly reads: StoreReads;
  /** The lookups by id: fixed texts, named prepared statements on PostgreSQL. */
  private readonly lookups: StoreReads;

  constructor(@InjectDataSource() dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(ConnectionEntity);
    this.reads = storeReads(dataSource);
    this.lookups = preparedStoreReads(dataSource);
    this.table = new ConnectionTable(dataSource);
    this.audited = auditedWrite(dataSource, new EntityTable(dataSource, HistoryEventEntity));
    this.countsTable = dataSource.driver.escape(LIVE_COUNTS_TABLE);
  }

  async insert(connection: Connection, events: readonly HistoryEvent[]): Promise<void> {
    await this.audited.run((sql) => this.table.insert(ConnectionMapper.toEntity(connection), sql), events);
  }

  async findById(organizationId: string, id: string): Promise<Connection | null> {
    const { table } = this;
    const sql = table.params();
    const [connection] = await this.select(
      `${table.selectAll} WHERE ${table.column('id')} = ${sql.add(id)} AND ${this.liveIn(organizationId, sql)}`,
      sql.values,
      this.lookups,
    );
    return connection ?? null;
  }

  async findEvenDeleted(organizationId: string, id: string): Promise<Connection | null> {
    const { table } = this;
    const sql = table.params();
    const [connection] = await this.select(
      `${table.selectAll} WHERE ${table.column('id')} = ${sql.add(id)} AND ${table.column('organizationId')} = ${sql.add(organizationId)}`,
      sql.values,
      this.lookups,
    );
    return connection ?? null;
  }

  findByConfigNames(organizationId: string, configNames: string[], productName?: string): Promise<Connection[]> {
    if (configNames.length === 0) return Promise.resolve([]);
    const { table } = this;
    const sql = table.params();
    // Placeholders are added in the order they appear in the text (SQLite's `?` are positional).
    let query = `${table.selectAll} WHERE ${this.liveIn(organizationId, sql)}`;
    const keys = configNames.map((name) => name.toLowerCase());
    query += ` AND ${table.isAnyOf('configNameKey', keys, sql)}`;
    if (productName !== undefined) query += ` AND ${table.column('productName')} = ${sql.add(productName)}`;
    // On PostgreSQL the text is one of two (with or without a product), whatever the number of
    // names: a named prepared statement like the lookups by id (validate-schema starts with this).
    return this.select(query, sql.values, this.lookups);
  }

  async findPage(filter: ConnectionQuery): Promise<Page<Connection>> {
    const { table } = this;
    const column = (name: ConnectionColumn) => table.column(name);
    const sql = table.params();
    const where = [this.liveIn(filter.organizationId, sql)];
    if (filter.productName === null) where.push(`${column('productName')} IS NULL`);
    else if (filter.productName !== undefined) where.push(`${column('productName')} = ${sql.add(filter.productName)}`);
    if (filter.type) where.push(`${column('type')} = ${sql.add(filter.type)}`);
    if (filter.host) where.push(`LOWER(${column('host')}) = ${sql.add(filter.host.toLowerCase())}`);
    if (filter.databaseName) where.push(`${column('databaseName')} = ${sql.add(filter.databaseName)}`);
    if (filter.configNameContains) where.push(table.contains('configNameKey', filter.configNameContains.toLowerCase(), sql));
    if (filter.createdFrom) where.push(`${column('createdAt')} >= ${sql.add(filter.createdFrom.getTime())}`);
    if (filter.createdBefore) where.push(`${column('createdAt')} < ${sql.add(filter.createdBefore.getTime())}`);
    for (const [key, value] of Object.entries(filter.metadata ?? {})) where.push(table.jsonValueEquals('metadata', key, value, sql));
    const condition = where.join(' AND ');
    const countParams = [...sql.values];
    const direction = filter.sortOrder === 'asc' ? 'ASC' : 'DESC';
    const order = `ORDER BY ${column(SORT_COLUMN[filter.sortBy])} ${direction}, ${column('id')} ${direction}`;
    const offset = (filter.page - 1) * filter.limit;
    const slice = `${order} LIMIT ${sql.add(filter.limit)} OFFSET ${sql.add(offset)}`;
    // Past the first page, the rows skipped are picked by id alone (an index-only scan of the list's
    // index on PostgreSQL), and only the page's rows are read whole.
    const items = await this.select(
      offset === 0
        ? `${table.selectAll} WHERE ${condition} ${slice}`
        : `${table.selectAll} WHERE ${column('id')} IN (SELECT ${column('id')} FROM ${table.name} WHERE ${condition} ${slice}) ${order}`,
      sql.values,
    );
    const counted = this.countedTotal(filter);
    const [{ total }] = await this.guard(() =>
      counted
        ? this.reads<{ total: number | string }>(counted.query, counted.params)
        : this.reads<{ total: number | string }>(`SELECT COUNT(*) AS total FROM ${table.name} WHERE ${condition}`, countParams),
    );
    return { items, page: filter.page, limit: filter.limit, total: Number(total) };
  }

  update(connection: Connection, expectedUpdatedAt: Date, events: readonly HistoryEvent[]): Promise<boolean> {
    const { id, organizationId, ...fields } = ConnectionMapper.toEntity(connection);
    return this.changeLive(
      organizationId,
      id,
      fields,
      events,
      (sql) => `${this.table.column('updatedAt')} = ${sql.add(expectedUpdatedAt.getTime())}`,
    );
  }

  softDelete(organizationId: string, id: string, at: Date, events: readonly HistoryEvent[]): Promise<boolean> {
    return this.changeLive(organizationId, id, { deletedAt: at, updatedAt: at }, events);
  }

  assignProduct(organizationId: string, id: string, productName: string, at: Date, events: readonly HistoryEvent[]): Promise<boolean> {
    return this.changeLive(organizationId, id, { productName, updatedAt: at }, events, () => `${this.table.column('productName')} IS NULL`);
  }

  countAll(): Promise<number> {
    return this.guard(() => this.rows.count());
  }

  async batchAfter(afterId: string | null, limit: number): Promise<Connection[]> {
    const rows = await this.guard(() =>
      this.rows.find({
        where: afterId === null ? {} : { id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: limit,
      }),
    );
    return rows.map((row) => ConnectionMapper.toDomain(row));
  }

  replaceSecretsIfUnchanged(next: Connection, previous: Connection): Promise<boolean> {
    const secrets = (connection: Connection) => {
      const row = ConnectionMapper.toEntity(connection);
      return {
        passwordSealed: row.passwordSealed,
        sslKeySealed: row.sslKeySealed,
        sshPrivateKeySealed: row.sshPrivateKeySealed,
        sshPassphraseSealed: row.sshPassphraseSealed,
        sshPasswordSealed: row.sshPasswordSealed,
      };
    };
    const was = Object.entries(secrets(previous)).map(([column, value]) => [column, value ?? IsNull()]);
    return this.changed({ id: previous.id, ...(Object.fromEntries(was) as FindOptionsWhere<ConnectionEntity>) }, secrets(next));
  }

  /**
   * `UPDATE … SET <values> WHERE` the live connection `id` of the organization (and `condition`),
   * with `events` in the same transaction; true when it changed the row.
   */
  private async changeLive(
    organizationId: string,
    id: string,
    values: Partial<ConnectionEntity>,
    events: readonly HistoryEvent[],
    condition?: (sql: SqlParams) => string,
  ): Promise<boolean> {
    const { table } = this;
    const affected = await this.audited.run((sql) => {
      // Placeholders in the order they appear (SQLite's `?` are positional).
      let text = `UPDATE ${table.name} SET ${table.assignments(values, sql)} WHERE ${table.column('id')} = ${sql.add(id)}`;
      text += ` AND ${this.liveIn(organizationId, sql)}`;
      if (condition) text += ` AND ${condition(sql)}`;
      return text;
    }, events);
    return affected > 0;
  }

  /** Not deleted, and in the organization. */
  private liveIn(organizationId: string, sql: SqlParams): string {
    return `${this.table.column('organizationId')} = ${sql.add(organizationId)} AND ${this.table.column('deletedAt')} IS NULL`;
  }

  /**
   * The total of a list filtered by nothing but its organization and product: the sum of the store's
   * live counters (LIVE_COUNTS_TABLE, kept by triggers in the transaction of every write, so as exact
   * as COUNT(*)), a few rows however many connections the organization has. Undefined when another
   * filter applies: those are counted with COUNT(*).
   */
  private countedTotal(filter: ConnectionQuery): { query: string; params: unknown[] } | undefined {
    const filtered = Object.entries(filter).some(
      ([field, value]) => !UNFILTERED.has(field) && value !== undefined && !(field === 'metadata' && Object.keys(value as object).length === 0),
    );
    if (filtered) return undefined;
    const sql = this.table.params();
    let query = `SELECT COALESCE(SUM(live), 0) AS total FROM ${this.countsTable} WHERE organization_id = ${sql.add(filter.organizationId)}`;
    if (filter.productName !== undefined) query += ` AND product_key = ${sql.add(filter.productName ?? NO_PRODUCT_KEY)}`;
    return { query, params: sql.values };
  }

  /** A guarded UPDATE; true when it changed a row (the conditions in `where` still held). */
  private async changed(where: FindOptionsWhere<ConnectionEntity>, values: QueryDeepPartialEntity<ConnectionEntity>): Promise<boolean> {
    const result = await this.guard(() => this.rows.update(where, values));
    return (result.affected ?? 0) > 0;
  }

  private async select(query: string, params: unknown[], reads: StoreReads = this.reads): Promise<Connection[]> {
    const rows = await this.guard(() => reads<RawRow>(query, params));
    return rows.map((row) => ConnectionMapper.toDomain(this.table.toEntity(row)));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateStoreError(error);
    }
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, IsNull, MoreThan, QueryDeepPartialEntity, Repository } from 'typeorm';
import { Connection } from '../domain/connection';
import { ConnectionQuery, Page, SortField } from '../domain/connection-page';
import { ConnectionColumn, ConnectionTable, RawRow, SqlParams } from './connection-table';
import { ConnectionEntity } from './connection.entity';
import { ConnectionMapper } from './connection.mapper';
import { ConnectionRepository } from './connection.repository';
import { translateStoreError } from './translate-store-error';

const SORT_COLUMN: Record<SortField, ConnectionColumn> = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  configName: 'configNameKey',
};

/**
 * The store adapter for SQLite (embedded) and PostgreSQL. Writes go through TypeORM; reads are raw SQL
 * built from the entity's metadata, because TypeORM's query builder measured slower on the hot read path
 * (docs/benchmarks.md).
 */
@Injectable()
export class TypeOrmConnectionRepository extends ConnectionRepository {
  private readonly rows: Repository<ConnectionEntity>;
  private readonly table: ConnectionTable;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(ConnectionEntity);
    this.table = new ConnectionTable(dataSource);
  }

  async insert(connection: Connection): Promise<void> {
    await this.guard(() => this.rows.insert(ConnectionMapper.toEntity(connection)));
  }

  async findById(organizationId: string, id: string): Promise<Connection | null> {
    const { table } = this;
    const sql = table.params();
    const [connection] = await this.select(
      `${table.selectAll} WHERE ${table.column('id')} = ${sql.add(id)} AND ${this.liveIn(organizationId, sql)}`,
      sql.values,
    );
    return connection ?? null;
  }

  findByConfigNames(organizationId: string, configNames: string[], productName?: string): Promise<Connection[]> {
    if (configNames.length === 0) return Promise.resolve([]);
    const { table } = this;
    const sql = table.params();
    // Placeholders are added in the order they appear in the text (SQLite's `?` are positional).
    let query = `${table.selectAll} WHERE ${this.liveIn(organizationId, sql)}`;
    query += ` AND ${table.column('configNameKey')} IN (${configNames.map((name) => sql.add(name.toLowerCase())).join(', ')})`;
    if (productName !== undefined) query += ` AND ${table.column('productName')} = ${sql.add(productName)}`;
    return this.select(query, sql.values);
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
    const items = await this.select(
      `${table.selectAll} WHERE ${condition} ${order} LIMIT ${sql.add(filter.limit)} OFFSET ${sql.add((filter.page - 1) * filter.limit)}`,
      sql.values,
    );
    const [{ total }] = await this.guard(() =>
      this.dataSource.query<{ total: number | string }[]>(`SELECT COUNT(*) AS total FROM ${table.name} WHERE ${condition}`, countParams),
    );
    return { items, page: filter.page, limit: filter.limit, total: Number(total) };
  }

  update(connection: Connection, expectedUpdatedAt: Date): Promise<boolean> {
    const { id, organizationId } = connection;
    return this.changed({ id, organizationId, deletedAt: IsNull(), updatedAt: expectedUpdatedAt }, ConnectionMapper.toEntity(connection));
  }

  softDelete(organizationId: string, id: string, at: Date): Promise<boolean> {
    return this.changed({ id, organizationId, deletedAt: IsNull() }, { deletedAt: at, updatedAt: at });
  }

  assignProduct(organizationId: string, id: string, productName: string, at: Date): Promise<boolean> {
    return this.changed({ id, organizationId, deletedAt: IsNull(), productName: IsNull() }, { productName, updatedAt: at });
  }

  countAll(): Promise<number> {
    return this.guard(() => this.rows.count());
  }

  async batchAfter(afterId: string | null, limit: number): Promise<Connection[]> {
    const rows = await this.guard(() =>
      this.rows.find({ where: afterId === null ? {} : { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit }),
    );
    return rows.map((row) => ConnectionMapper.toDomain(row));
  }

  replaceSecretsIfUnchanged(next: Connection, previous: Connection): Promise<boolean> {
    return this.changed(
      { id: previous.id, passwordSealed: previous.sealedPassword, sslKeySealed: previous.ssl?.sealedKey ?? IsNull() },
      { passwordSealed: next.sealedPassword, sslKeySealed: next.ssl?.sealedKey ?? null },
    );
  }

  /** Not deleted, and in the organization. */
  private liveIn(organizationId: string, sql: SqlParams): string {
    return `${this.table.column('organizationId')} = ${sql.add(organizationId)} AND ${this.table.column('deletedAt')} IS NULL`;
  }

  /** A guarded UPDATE; true when it changed a row (the conditions in `where` still held). */
  private async changed(where: FindOptionsWhere<ConnectionEntity>, values: QueryDeepPartialEntity<ConnectionEntity>): Promise<boolean> {
    const result = await this.guard(() => this.rows.update(where, values));
    return (result.affected ?? 0) > 0;
  }

  private async select(query: string, params: unknown[]): Promise<Connection[]> {
    const rows = await this.guard(() => this.dataSource.query<RawRow[]>(query, params));
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

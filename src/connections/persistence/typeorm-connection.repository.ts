import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { Connection } from '../domain/connection';
import { ConnectionQuery, Page, SortField } from '../domain/connection-page';
import { ConnectionEntity } from './connection.entity';
import { ConnectionMapper } from './connection.mapper';
import { ConnectionRepository } from './connection.repository';
import { translateStoreError } from './store-errors';
import { CONNECTION_COLUMNS, ConnectionRow, SqlParams, rowToConnection } from './connection-row';

const SORT_COLUMN: Record<SortField, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  configName: 'config_name_key',
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The store adapter for SQLite (embedded) and PostgreSQL, through TypeORM. */
@Injectable()
export class TypeOrmConnectionRepository extends ConnectionRepository {
  private readonly rows: Repository<ConnectionEntity>;
  private readonly postgres: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.rows = dataSource.getRepository(ConnectionEntity);
    this.postgres = dataSource.options.type === 'postgres';
  }

  async insert(connection: Connection): Promise<void> {
    await this.guard(() => this.rows.insert(ConnectionMapper.toEntity(connection)));
  }

  async findById(organizationId: string, id: string): Promise<Connection | null> {
    const sql = new SqlParams(this.postgres);
    const rows = await this.guard(() =>
      this.dataSource.query<ConnectionRow[]>(
        `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = ${sql.add(id)} AND organization_id = ${sql.add(organizationId)} AND deleted_at IS NULL`,
        sql.values,
      ),
    );
    return rows.length > 0 ? rowToConnection(rows[0]) : null;
  }

  async findByConfigNames(organizationId: string, configNames: string[], productName?: string): Promise<Connection[]> {
    if (configNames.length === 0) return [];
    const sql = new SqlParams(this.postgres);
    // Placeholders are added in the order they appear in the text (SQLite's `?` are positional).
    let query = `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE organization_id = ${sql.add(organizationId)} AND deleted_at IS NULL`;
    query += ` AND config_name_key IN (${configNames.map((name) => sql.add(name.toLowerCase())).join(', ')})`;
    if (productName !== undefined) query += ` AND product_name = ${sql.add(productName)}`;
    const rows = await this.guard(() => this.dataSource.query<ConnectionRow[]>(query, sql.values));
    return rows.map(rowToConnection);
  }

  /** Hand-written SQL on the hot read path: cheaper than TypeORM's query builder (docs/benchmarks.md). */
  async findPage(filter: ConnectionQuery): Promise<Page<Connection>> {
    const sql = new SqlParams(this.postgres);
    const where = [`organization_id = ${sql.add(filter.organizationId)}`, 'deleted_at IS NULL'];
    if (filter.productName === null) where.push('product_name IS NULL');
    else if (filter.productName !== undefined) where.push(`product_name = ${sql.add(filter.productName)}`);
    if (filter.type) where.push(`type = ${sql.add(filter.type)}`);
    if (filter.host) where.push(`LOWER(host) = ${sql.add(filter.host.toLowerCase())}`);
    if (filter.databaseName) where.push(`database_name = ${sql.add(filter.databaseName)}`);
    if (filter.configNameContains) {
      where.push(`config_name_key LIKE ${sql.add(`%${escapeLike(filter.configNameContains.toLowerCase())}%`)} ESCAPE '\\'`);
    }
    if (filter.createdFrom) where.push(`created_at >= ${sql.add(filter.createdFrom.getTime())}`);
    if (filter.createdBefore) where.push(`created_at < ${sql.add(filter.createdBefore.getTime())}`);
    for (const [key, value] of Object.entries(filter.metadata ?? {})) {
      where.push(
        this.postgres
          ? `(metadata::jsonb ->> ${sql.add(key)}) = ${sql.add(value)}`
          : `EXISTS (SELECT 1 FROM json_each(connections.metadata) m WHERE m.key = ${sql.add(key)} AND m.value = ${sql.add(value)})`,
      );
    }
    const condition = where.join(' AND ');
    const countParams = [...sql.values];
    const direction = filter.sortOrder === 'asc' ? 'ASC' : 'DESC';
    const page = `SELECT ${CONNECTION_COLUMNS} FROM connections WHERE ${condition} ORDER BY ${SORT_COLUMN[filter.sortBy]} ${direction}, id ${direction} LIMIT ${sql.add(filter.limit)} OFFSET ${sql.add((filter.page - 1) * filter.limit)}`;
    const rows = await this.guard(() => this.dataSource.query<ConnectionRow[]>(page, sql.values));
    const [{ total }] = await this.guard(() =>
      this.dataSource.query<{ total: number | string }[]>(`SELECT COUNT(*) AS total FROM connections WHERE ${condition}`, countParams),
    );
    return { items: rows.map(rowToConnection), page: filter.page, limit: filter.limit, total: Number(total) };
  }

  async update(connection: Connection, expectedUpdatedAt: Date): Promise<boolean> {
    const row = ConnectionMapper.toEntity(connection);
    const result = await this.guard(() =>
      this.rows
        .createQueryBuilder()
        .update(ConnectionEntity)
        .set({
          productName: row.productName,
          configName: row.configName,
          configNameKey: row.configNameKey,
          type: row.type,
          host: row.host,
          port: row.port,
          databaseName: row.databaseName,
          userName: row.userName,
          passwordSealed: row.passwordSealed,
          schemaName: row.schemaName,
          sslMode: row.sslMode,
          sslCa: row.sslCa,
          sslCert: row.sslCert,
          sslKeySealed: row.sslKeySealed,
          metadata: row.metadata,
          updatedAt: row.updatedAt,
        })
        .where('id = :id AND organization_id = :org AND deleted_at IS NULL AND updated_at = :expected', {
          id: connection.id,
          org: connection.organizationId,
          expected: expectedUpdatedAt.getTime(),
        })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  async softDelete(organizationId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.guard(() =>
      this.rows.update({ id, organizationId, deletedAt: IsNull() }, { deletedAt: at, updatedAt: at }),
    );
    return (result.affected ?? 0) > 0;
  }

  async assignProduct(organizationId: string, id: string, productName: string, at: Date): Promise<boolean> {
    const result = await this.guard(() =>
      this.rows.update({ id, organizationId, deletedAt: IsNull(), productName: IsNull() }, { productName, updatedAt: at }),
    );
    return (result.affected ?? 0) > 0;
  }

  async findBatchForRotation(afterId: string | null, limit: number): Promise<Connection[]> {
    const sql = new SqlParams(this.postgres);
    const after = afterId === null ? '' : `WHERE id > ${sql.add(afterId)} `;
    const rows = await this.guard(() =>
      this.dataSource.query<ConnectionRow[]>(`SELECT ${CONNECTION_COLUMNS} FROM connections ${after}ORDER BY id LIMIT ${sql.add(limit)}`, sql.values),
    );
    return rows.map(rowToConnection);
  }

  async ping(): Promise<void> {
    await this.guard(() => this.dataSource.query('SELECT 1'));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateStoreError(error);
    }
  }
}

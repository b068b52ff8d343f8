import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import { Connection } from '../domain/connection';
import { ConnectionQuery, Page, SortField } from '../domain/connection-page';
import { ConnectionEntity } from './connection.entity';
import { ConnectionMapper } from './connection.mapper';
import { ConnectionRepository } from './connection.repository';
import { translateStoreError } from './store-errors';

const SORT_COLUMN: Record<SortField, string> = {
  createdAt: 'c.createdAt',
  updatedAt: 'c.updatedAt',
  configName: 'c.configNameKey',
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
    const row = await this.guard(() =>
      this.rows.findOneBy({ id, organizationId, deletedAt: IsNull() }),
    );
    return row ? ConnectionMapper.toDomain(row) : null;
  }

  async findByConfigNames(organizationId: string, configNames: string[], productName?: string): Promise<Connection[]> {
    if (configNames.length === 0) return [];
    const query = this.live(organizationId).andWhere('c.configNameKey IN (:...keys)', {
      keys: configNames.map((name) => name.toLowerCase()),
    });
    if (productName !== undefined) query.andWhere('c.productName = :productName', { productName });
    const rows = await this.guard(() => query.getMany());
    return rows.map((row) => ConnectionMapper.toDomain(row));
  }

  async findPage(filter: ConnectionQuery): Promise<Page<Connection>> {
    const query = this.live(filter.organizationId);
    if (filter.productName === null) query.andWhere('c.productName IS NULL');
    else if (filter.productName !== undefined) query.andWhere('c.productName = :product', { product: filter.productName });
    if (filter.type) query.andWhere('c.type = :type', { type: filter.type });
    if (filter.host) query.andWhere('LOWER(c.host) = :host', { host: filter.host.toLowerCase() });
    if (filter.databaseName) query.andWhere('c.databaseName = :databaseName', { databaseName: filter.databaseName });
    if (filter.configNameContains) {
      query.andWhere("c.configNameKey LIKE :configName ESCAPE '\\'", {
        configName: `%${escapeLike(filter.configNameContains.toLowerCase())}%`,
      });
    }
    if (filter.createdFrom) query.andWhere('c.createdAt >= :from', { from: filter.createdFrom.getTime() });
    if (filter.createdBefore) query.andWhere('c.createdAt < :before', { before: filter.createdBefore.getTime() });
    this.whereMetadata(query, filter.metadata ?? {});

    const direction = filter.sortOrder === 'asc' ? 'ASC' : 'DESC';
    query
      .orderBy(SORT_COLUMN[filter.sortBy], direction)
      .addOrderBy('c.id', direction)
      .skip((filter.page - 1) * filter.limit)
      .take(filter.limit);
    const [rows, total] = await this.guard(() => query.getManyAndCount());
    return { items: rows.map((row) => ConnectionMapper.toDomain(row)), page: filter.page, limit: filter.limit, total };
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
    const query = this.rows.createQueryBuilder('c').orderBy('c.id', 'ASC').take(limit);
    if (afterId) query.where('c.id > :afterId', { afterId });
    const rows = await this.guard(() => query.getMany());
    return rows.map((row) => ConnectionMapper.toDomain(row));
  }

  async updateSecrets(connection: Connection): Promise<void> {
    await this.guard(() =>
      this.rows.update(
        { id: connection.id },
        { passwordSealed: connection.sealedPassword, sslKeySealed: connection.ssl?.sealedKey ?? null },
      ),
    );
  }

  async ping(): Promise<void> {
    await this.guard(() => this.dataSource.query('SELECT 1'));
  }

  private live(organizationId: string): SelectQueryBuilder<ConnectionEntity> {
    return this.rows
      .createQueryBuilder('c')
      .where('c.organizationId = :org', { org: organizationId })
      .andWhere('c.deletedAt IS NULL');
  }

  private whereMetadata(query: SelectQueryBuilder<ConnectionEntity>, metadata: Record<string, string>): void {
    Object.entries(metadata).forEach(([key, value], index) => {
      const params = { [`mk${index}`]: key, [`mv${index}`]: value };
      const condition = this.postgres
        ? `(c.metadata::jsonb ->> :mk${index}) = :mv${index}`
        : `EXISTS (SELECT 1 FROM json_each(c.metadata) m WHERE m.key = :mk${index} AND m.value = :mv${index})`;
      query.andWhere(new Brackets((where) => where.where(condition, params)));
    });
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateStoreError(error);
    }
  }
}

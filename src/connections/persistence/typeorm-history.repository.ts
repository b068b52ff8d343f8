import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page } from '../domain/connection-page';
import { HistoryEvent } from '../history/history-event';
import { EntityTable, RawRow } from './entity-table';
import { HistoryEventEntity } from './history-event.entity';
import { HistoryEventMapper } from './history-event.mapper';
import { HistoryRepository } from './history.repository';
import { StoreReads, preparedStoreReads } from './store-reads';
import { translateStoreError } from './translate-store-error';

/**
 * The history store adapter for SQLite (embedded) and PostgreSQL: raw SQL built from the entity's
 * metadata. An appended event's INSERT (one fixed text) is a named prepared statement on
 * PostgreSQL, straight on the pool: a test answers only once its event is committed.
 */
@Injectable()
export class TypeOrmHistoryRepository extends HistoryRepository {
  private readonly table: EntityTable<HistoryEventEntity>;
  private readonly writes: StoreReads;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.table = new EntityTable(dataSource, HistoryEventEntity);
    this.writes = preparedStoreReads(dataSource);
  }

  async append(event: HistoryEvent): Promise<void> {
    const sql = this.table.params();
    const text = this.table.insert(HistoryEventMapper.toEntity(event), sql);
    await this.guard(() => this.writes(text, sql.values));
  }

  async findPage(
    organizationId: string,
    connectionId: string,
    page: number,
    limit: number,
  ): Promise<Page<HistoryEvent>> {
    const { table } = this;
    const sql = table.params();
    const condition = `${table.column('organizationId')} = ${sql.add(organizationId)} AND ${table.column('connectionId')} = ${sql.add(connectionId)}`;
    const countParams = [...sql.values];
    const order = `ORDER BY ${table.column('at')} DESC, ${table.column('id')} DESC`;
    const rows = await this.guard(() =>
      this.dataSource.query<RawRow[]>(
        `${table.selectAll} WHERE ${condition} ${order} LIMIT ${sql.add(limit)} OFFSET ${sql.add((page - 1) * limit)}`,
        sql.values,
      ),
    );
    const [{ total }] = await this.guard(() =>
      this.dataSource.query<{ total: number | string }[]>(
        `SELECT COUNT(*) AS total FROM ${table.name} WHERE ${condition}`,
        countParams,
      ),
    );
    return {
      items: rows.map((row) => HistoryEventMapper.toDomain(table.toEntity(row))),
      page,
      limit,
      total: Number(total),
    };
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw translateStoreError(error);
    }
  }
}

import { Page } from '../../src/connections/domain/connection-page';
import { HistoryEvent } from '../../src/connections/history/history-event';
import { HistoryEventEntity } from '../../src/connections/persistence/history-event.entity';
import { HistoryEventMapper } from '../../src/connections/persistence/history-event.mapper';
import { HistoryRepository } from '../../src/connections/persistence/history.repository';

const newestFirst = (a: HistoryEventEntity, b: HistoryEventEntity): number =>
  b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The HistoryRepository port over an array, for unit specs. Rows go through the same mapper as the
 * TypeORM adapter's, are only ever appended, and read back newest first (by `at`, then id).
 * MemoryConnectionRepository writes a change's events here with the change (`record`).
 */
export class MemoryHistoryRepository extends HistoryRepository {
  private readonly rows: HistoryEventEntity[] = [];

  append(event: HistoryEvent): Promise<void> {
    this.record([event]);
    return Promise.resolve();
  }

  findPage(
    organizationId: string,
    connectionId: string,
    page: number,
    limit: number,
  ): Promise<Page<HistoryEvent>> {
    const matching = this.rows
      .filter((row) => row.organizationId === organizationId && row.connectionId === connectionId)
      .sort(newestFirst);
    const start = (page - 1) * limit;
    return Promise.resolve({
      items: matching.slice(start, start + limit).map((row) => HistoryEventMapper.toDomain(row)),
      page,
      limit,
      total: matching.length,
    });
  }

  /** Stores `events` as a store would (copies, through the mapper). */
  record(events: readonly HistoryEvent[]): void {
    for (const event of events)
      this.rows.push(
        Object.assign(new HistoryEventEntity(), HistoryEventMapper.toEntity(event), {
          at: new Date(event.at),
        }),
      );
  }

  /** Every event stored, oldest first, as the store's own client would read them. */
  all(): HistoryEvent[] {
    return this.rows.map((row) =>
      HistoryEventMapper.toDomain(
        Object.assign(new HistoryEventEntity(), row, { at: new Date(row.at) }),
      ),
    );
  }
}

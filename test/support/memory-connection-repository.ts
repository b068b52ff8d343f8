import { Connection } from '../../src/connections/domain/connection';
import { ConnectionQuery, Page } from '../../src/connections/domain/connection-page';
import { HistoryEvent } from '../../src/connections/history/history-event';
import { ConnectionEntity } from '../../src/connections/persistence/connection.entity';
import { ConnectionMapper } from '../../src/connections/persistence/connection.mapper';
import { ConnectionRepository } from '../../src/connections/persistence/connection.repository';
import { ConfigNameTakenError } from '../../src/connections/persistence/store-errors';
import { MemoryHistoryRepository } from './memory-history-repository';

const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ConnectionRepository port over a Map, for unit specs of what sits above the port. It keeps
 * the TypeORM adapter's contract: rows go through the same mapper (what a store can hold is what
 * comes back), configName is unique per organization among live rows through its lower-cased key
 * (a refused write throws ConfigNameTakenError, as the unique index does), reads see live rows of
 * the organization only, deletes are soft, every guarded write reports whether it still found the
 * row as expected, and a write's history events are stored in `history` when, and only when, the
 * write changed a row (one transaction, as the adapter's).
 */
export class MemoryConnectionRepository extends ConnectionRepository {
  private readonly rows = new Map<string, ConnectionEntity>();

  constructor(readonly history = new MemoryHistoryRepository()) {
    super();
  }

  insert(connection: Connection, events: readonly HistoryEvent[]): Promise<void> {
    const row = ConnectionMapper.toEntity(connection);
    if (this.rows.has(row.id) || this.nameTaken(row))
      return Promise.reject(new ConfigNameTakenError());
    this.rows.set(row.id, this.copy(row));
    this.history.record(events);
    return Promise.resolve();
  }

  findById(organizationId: string, id: string): Promise<Connection | null> {
    const row = this.rows.get(id);
    return Promise.resolve(
      row && this.liveIn(organizationId, row) ? ConnectionMapper.toDomain(row) : null,
    );
  }

  findEvenDeleted(organizationId: string, id: string): Promise<Connection | null> {
    const row = this.rows.get(id);
    return Promise.resolve(
      row && row.organizationId === organizationId
        ? ConnectionMapper.toDomain(this.copy(row))
        : null,
    );
  }

  findByConfigNames(
    organizationId: string,
    configNames: string[],
    productName?: string,
  ): Promise<Connection[]> {
    const keys = new Set(configNames.map((name) => name.toLowerCase()));
    return Promise.resolve(
      this.select(
        (row) =>
          this.liveIn(organizationId, row) &&
          keys.has(row.configNameKey) &&
          (productName === undefined || row.productName === productName),
      ),
    );
  }

  findPage(query: ConnectionQuery): Promise<Page<Connection>> {
    const matching = [...this.rows.values()].filter(
      (row) =>
        this.liveIn(query.organizationId, row) &&
        (query.productName === undefined || row.productName === query.productName) &&
        (!query.type || row.type === query.type) &&
        (!query.host || row.host.toLowerCase() === query.host.toLowerCase()) &&
        (!query.databaseName || row.databaseName === query.databaseName) &&
        (!query.configNameContains ||
          row.configNameKey.includes(query.configNameContains.toLowerCase())) &&
        (!query.createdFrom || row.createdAt >= query.createdFrom) &&
        (!query.createdBefore || row.createdAt < query.createdBefore) &&
        Object.entries(query.metadata ?? {}).every(
          ([key, value]) => (JSON.parse(row.metadata) as Record<string, string>)[key] === value,
        ),
    );
    const sortKey = (row: ConnectionEntity): string | number =>
      query.sortBy === 'configName' ? row.configNameKey : row[query.sortBy].getTime();
    const direction = query.sortOrder === 'asc' ? 1 : -1;
    matching.sort((a, b) => direction * (compare(sortKey(a), sortKey(b)) || compare(a.id, b.id)));
    const start = (query.page - 1) * query.limit;
    return Promise.resolve({
      items: matching
        .slice(start, start + query.limit)
        .map((row) => ConnectionMapper.toDomain(row)),
      page: query.page,
      limit: query.limit,
      total: matching.length,
    });
  }

  update(
    connection: Connection,
    expectedUpdatedAt: Date,
    events: readonly HistoryEvent[],
  ): Promise<boolean> {
    const row = this.rows.get(connection.id);
    if (
      !row ||
      !this.liveIn(connection.organizationId, row) ||
      row.updatedAt.getTime() !== expectedUpdatedAt.getTime()
    ) {
      return Promise.resolve(false);
    }
    const next = ConnectionMapper.toEntity(connection);
    if (this.nameTaken(next)) return Promise.reject(new ConfigNameTakenError());
    this.rows.set(next.id, this.copy(next));
    this.history.record(events);
    return Promise.resolve(true);
  }

  softDelete(
    organizationId: string,
    id: string,
    at: Date,
    events: readonly HistoryEvent[],
  ): Promise<boolean> {
    return Promise.resolve(
      this.change(organizationId, id, events, (row) => ({ ...row, deletedAt: at, updatedAt: at })),
    );
  }

  assignProduct(
    organizationId: string,
    id: string,
    productName: string,
    at: Date,
    events: readonly HistoryEvent[],
  ): Promise<boolean> {
    return Promise.resolve(
      this.change(organizationId, id, events, (row) =>
        row.productName === null ? { ...row, productName, updatedAt: at } : undefined,
      ),
    );
  }

  countAll(): Promise<number> {
    return Promise.resolve(this.rows.size);
  }

  batchAfter(afterId: string | null, limit: number): Promise<Connection[]> {
    const rows = [...this.rows.values()]
      .filter((row) => afterId === null || row.id > afterId)
      .sort((a, b) => compare(a.id, b.id))
      .slice(0, limit);
    return Promise.resolve(rows.map((row) => ConnectionMapper.toDomain(row)));
  }

  replaceSecretsIfUnchanged(next: Connection, previous: Connection): Promise<boolean> {
    const row = this.rows.get(previous.id);
    const secrets = (connection: Connection) => {
      const entity = ConnectionMapper.toEntity(connection);
      return {
        passwordSealed: entity.passwordSealed,
        sslKeySealed: entity.sslKeySealed,
        sshPrivateKeySealed: entity.sshPrivateKeySealed,
        sshPassphraseSealed: entity.sshPassphraseSealed,
        sshPasswordSealed: entity.sshPasswordSealed,
      };
    };
    const was = secrets(previous);
    if (
      !row ||
      (Object.keys(was) as (keyof typeof was)[]).some((column) => row[column] !== was[column])
    ) {
      return Promise.resolve(false);
    }
    this.rows.set(row.id, this.copy({ ...row, ...secrets(next) }));
    return Promise.resolve(true);
  }

  /** What the store holds for `id`, live or deleted, as a store's own client would read it. */
  stored(id: string): { connection: Connection; deletedAt: Date | null } | undefined {
    const row = this.rows.get(id);
    return (
      row && {
        connection: ConnectionMapper.toDomain(this.copy(row)),
        deletedAt: row.deletedAt && new Date(row.deletedAt),
      }
    );
  }

  private liveIn(organizationId: string, row: ConnectionEntity): boolean {
    return row.organizationId === organizationId && row.deletedAt === null;
  }

  private select(where: (row: ConnectionEntity) => boolean): Connection[] {
    return [...this.rows.values()].filter(where).map((row) => ConnectionMapper.toDomain(row));
  }

  /** A guarded write on a live row of the organization, with its events; false when there is none or `next` declines. */
  private change(
    organizationId: string,
    id: string,
    events: readonly HistoryEvent[],
    next: (row: ConnectionEntity) => ConnectionEntity | undefined,
  ): boolean {
    const row = this.rows.get(id);
    const changed = row && this.liveIn(organizationId, row) ? next(row) : undefined;
    if (!changed) return false;
    this.rows.set(id, this.copy(changed));
    this.history.record(events);
    return true;
  }

  /** The unique index: another live row of the organization holds this configName key. */
  private nameTaken(row: ConnectionEntity): boolean {
    return [...this.rows.values()].some(
      (other) =>
        other.id !== row.id &&
        other.deletedAt === null &&
        other.organizationId === row.organizationId &&
        other.configNameKey === row.configNameKey,
    );
  }

  /** Rows are values in a store: nothing the caller keeps can change them afterwards. */
  private copy(row: ConnectionEntity): ConnectionEntity {
    return Object.assign(new ConnectionEntity(), row, {
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
      deletedAt: row.deletedAt && new Date(row.deletedAt),
    });
  }
}

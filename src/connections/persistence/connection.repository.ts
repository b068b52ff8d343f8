import { Connection } from '../domain/connection';
import { ConnectionQuery, Page } from '../domain/connection-page';
import { HistoryEvent } from '../history/history-event';

/**
 * Port for the connection store (the abstract class is the DI token). Only live (not deleted)
 * connections are ever returned, except to key rotation, which re-seals deleted rows too, and to
 * the history, whose trail outlives its connection.
 *
 * Every write of a change takes the history events that record it (spec §3.14) and stores both in
 * one transaction: the events only when the write changed a row, and neither when it fails. Key
 * rotation's re-sealing is not a change of the connection and records nothing.
 */
export abstract class ConnectionRepository {
  abstract insert(connection: Connection, events: readonly HistoryEvent[]): Promise<void>;
  abstract findById(organizationId: string, id: string): Promise<Connection | null>;
  /** The connection with this id in the organization, live or deleted (whose history may be read). */
  abstract findEvenDeleted(organizationId: string, id: string): Promise<Connection | null>;
  abstract findByConfigNames(organizationId: string, configNames: string[], productName?: string): Promise<Connection[]>;
  abstract findPage(query: ConnectionQuery): Promise<Page<Connection>>;
  /** Writes every field; `expectedUpdatedAt` guards against a concurrent write. False when it lost. */
  abstract update(connection: Connection, expectedUpdatedAt: Date, events: readonly HistoryEvent[]): Promise<boolean>;
  /** Soft delete. False when nothing live had that id. */
  abstract softDelete(organizationId: string, id: string, at: Date, events: readonly HistoryEvent[]): Promise<boolean>;
  /** Assigns a product when the connection has none. False when it already had one. */
  abstract assignProduct(
    organizationId: string,
    id: string,
    productName: string,
    at: Date,
    events: readonly HistoryEvent[],
  ): Promise<boolean>;
  /** How many rows the store holds, live and deleted. */
  abstract countAll(): Promise<number>;
  /** Up to `limit` rows, live and deleted, in id order after `afterId` (null: from the start). */
  abstract batchAfter(afterId: string | null, limit: number): Promise<Connection[]>;
  /**
   * Writes `next`'s sealed secrets (password, SSL key, the SSH tunnel's) only while the row still holds `previous`'s, so a
   * PATCH that landed meanwhile is never overwritten. False when the row changed.
   */
  abstract replaceSecretsIfUnchanged(next: Connection, previous: Connection): Promise<boolean>;
}

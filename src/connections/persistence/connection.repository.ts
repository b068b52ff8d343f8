import { Connection } from '../domain/connection';
import { ConnectionQuery, Page } from '../domain/connection-page';

/**
 * Port for the connection store (the abstract class is the DI token). Only live (not deleted)
 * connections are ever returned, except to key rotation, which re-seals deleted rows too.
 */
export abstract class ConnectionRepository {
  abstract insert(connection: Connection): Promise<void>;
  abstract findById(organizationId: string, id: string): Promise<Connection | null>;
  abstract findByConfigNames(organizationId: string, configNames: string[], productName?: string): Promise<Connection[]>;
  abstract findPage(query: ConnectionQuery): Promise<Page<Connection>>;
  /** Writes every field; `expectedUpdatedAt` guards against a concurrent write. False when it lost. */
  abstract update(connection: Connection, expectedUpdatedAt: Date): Promise<boolean>;
  /** Soft delete. False when nothing live had that id. */
  abstract softDelete(organizationId: string, id: string, at: Date): Promise<boolean>;
  /** Assigns a product when the connection has none. False when it already had one. */
  abstract assignProduct(organizationId: string, id: string, productName: string, at: Date): Promise<boolean>;
  /** How many rows the store holds, live and deleted. */
  abstract countAll(): Promise<number>;
  /** Up to `limit` rows, live and deleted, in id order after `afterId` (null: from the start). */
  abstract batchAfter(afterId: string | null, limit: number): Promise<Connection[]>;
  /**
   * Writes `next`'s sealed password and SSL key only while the row still holds `previous`'s, so a
   * PATCH that landed meanwhile is never overwritten. False when the row changed.
   */
  abstract replaceSecretsIfUnchanged(next: Connection, previous: Connection): Promise<boolean>;
}

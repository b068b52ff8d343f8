import { ConnectionPool } from 'mssql';
import type { Connection } from 'tedious';

/** The driver hooks mssql's pools implement (its tedious and msnodesqlv8 pools override them). */
interface PoolHooks {
  _poolCreate(this: ConnectionPool): Promise<Connection>;
  _poolDestroy(this: ConnectionPool, connection: Connection): Promise<void>;
}

const base = ConnectionPool.prototype as unknown as PoolHooks;

/**
 * mssql's `ConnectionPool.connect()` logs in once to check the settings, closes that connection,
 * and the first request logs in again: two logins for one probe. This pool keeps the checking
 * connection and lends it to the first request, so a call logs in once (the TDS fake counts the
 * LOGIN7 packets). It overrides mssql's driver hooks `_poolCreate` / `_poolDestroy`; should a later
 * mssql stop calling them that way, a call logs in twice again, nothing worse.
 */
export class OneLoginPool extends ConnectionPool {
  private kept?: Connection;

  _poolCreate(): Promise<Connection> {
    const kept = this.kept;
    this.kept = undefined;
    return kept ? Promise.resolve(kept) : base._poolCreate.call(this);
  }

  _poolDestroy(connection: Connection): Promise<void> {
    if (this.connecting && this.kept === undefined) {
      this.kept = connection;
      return Promise.resolve();
    }
    return base._poolDestroy.call(this, connection);
  }

  /** Closes the pool and a kept connection no request borrowed. */
  async closeAll(): Promise<void> {
    const kept = this.kept;
    this.kept = undefined;
    kept?.close();
    await this.close();
  }
}

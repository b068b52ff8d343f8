import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not, Repository, UpdateResult } from 'typeorm';
import { whileStoreLocked } from '../../store/migration-lock';
import { Connection } from '../domain/connection';
import { ProvisioningChange } from '../domain/provisioning-change';
import { provisioningEvent } from '../history/provisioning-events';
import { ConnectionTable, RawRow } from './connection-table';
import { ConnectionEntity } from './connection.entity';
import { ConnectionMapper } from './connection.mapper';
import { HistoryEventEntity } from './history-event.entity';
import { HistoryEventMapper } from './history-event.mapper';
import { ConfigNameKey, ProvisioningState, ProvisioningStore } from './provisioning-store';
import { ConfigNameTakenError } from './store-errors';
import { translateStoreError } from './translate-store-error';

/** The PostgreSQL advisory lock every instance takes around applying the provisioning file. */
export const PROVISIONING_LOCK_NAME = 'connections-service:provisioning';

/** A change whose connection is no longer the version it was decided on: the transaction is rolled back. */
class StaleChange extends Error {}

const changedOne = (result: UpdateResult) => (result.affected ?? 0) > 0;

/** Provisioning on SQLite and PostgreSQL: reads through the connections table's raw SQL, writes in one transaction. */
@Injectable()
export class TypeOrmProvisioningStore extends ProvisioningStore {
  private readonly table: ConnectionTable;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.table = new ConnectionTable(dataSource);
  }

  /** Several instances booting with one file on one PostgreSQL store apply it one after the other. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.guard(() => whileStoreLocked(this.dataSource, PROVISIONING_LOCK_NAME, work));
  }

  async read(names: readonly ConfigNameKey[]): Promise<ProvisioningState> {
    const { table } = this;
    const live = `${table.column('deletedAt')} IS NULL`;
    const provisioned = await this.select(
      `${table.selectAll} WHERE ${table.column('provisioned')} = TRUE AND ${live}`,
      [],
    );
    const byOrganization = new Map<string, Set<string>>();
    for (const { organizationId, configName } of names) {
      byOrganization.set(
        organizationId,
        (byOrganization.get(organizationId) ?? new Set()).add(configName.toLowerCase()),
      );
    }
    const holders: Connection[] = [];
    for (const [organizationId, keys] of byOrganization) {
      const sql = table.params();
      // Placeholders are added in the order they appear in the text (SQLite's `?` are positional).
      const query =
        `${table.selectAll} WHERE ${table.column('organizationId')} = ${sql.add(organizationId)} AND ${live}` +
        ` AND ${table.column('configNameKey')} IN (${[...keys].map((key) => sql.add(key)).join(', ')})`;
      holders.push(...(await this.select(query, sql.values)));
    }
    return { provisioned, holders };
  }

  /**
   * The one place where provisioning writes: every change, guarded by the version it was decided
   * on, in one transaction. History (spec §3.14): each change's event, with actor `provisioning`,
   * is appended here, in this same transaction, after its write.
   */
  async apply(changes: readonly ProvisioningChange[]): Promise<boolean> {
    if (changes.length === 0) return true;
    try {
      await this.dataSource.transaction(async (manager) => {
        const rows = manager.getRepository(ConnectionEntity);
        const events = manager.getRepository(HistoryEventEntity);
        for (const change of changes) {
          if (!(await this.write(rows, change))) throw new StaleChange();
          await events.insert(HistoryEventMapper.toEntity(provisioningEvent(change)));
        }
      });
      return true;
    } catch (error) {
      if (error instanceof StaleChange) return false;
      const translated = translateStoreError(error);
      // Another writer took the configName (or the id) between the read and this write.
      if (translated instanceof ConfigNameTakenError) return false;
      throw translated;
    }
  }

  private async write(
    rows: Repository<ConnectionEntity>,
    change: ProvisioningChange,
  ): Promise<boolean> {
    switch (change.kind) {
      case 'provisioned': {
        const row = ConnectionMapper.toEntity(change.connection);
        // An entry that comes back after its removal: its id is its name's, so its soft-deleted row returns.
        if (changedOne(await rows.update({ id: row.id, deletedAt: Not(IsNull()) }, row)))
          return true;
        await rows.insert(row);
        return true;
      }
      case 'updated': {
        const { before, after } = change;
        return changedOne(
          await rows.update(
            { id: before.id, deletedAt: IsNull(), updatedAt: before.updatedAt },
            ConnectionMapper.toEntity(after),
          ),
        );
      }
      case 'deleted': {
        const { connection, at } = change;
        return changedOne(
          await rows.update(
            { id: connection.id, deletedAt: IsNull(), updatedAt: connection.updatedAt },
            { deletedAt: at, updatedAt: at },
          ),
        );
      }
    }
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

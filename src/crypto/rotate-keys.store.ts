import { Brackets, DataSource } from 'typeorm';
import { Connection } from '../connections/domain/connection';
import { ConnectionEntity } from '../connections/persistence/connection.entity';
import { TypeOrmConnectionRepository } from '../connections/persistence/typeorm-connection.repository';
import { RotationStore } from './rotate-keys';

/** RotationStore on the service's own TypeORM store (SQLite or PostgreSQL). */
export class TypeOrmRotationStore implements RotationStore {
  private readonly connections: TypeOrmConnectionRepository;

  constructor(private readonly dataSource: DataSource) {
    this.connections = new TypeOrmConnectionRepository(dataSource);
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(ConnectionEntity).count();
  }

  batch(afterId: string | null, limit: number): Promise<Connection[]> {
    return this.connections.findBatchForRotation(afterId, limit);
  }

  async replaceSecrets(next: Connection, previous: Connection): Promise<boolean> {
    const previousKey = previous.ssl?.sealedKey ?? null;
    const result = await this.dataSource
      .getRepository(ConnectionEntity)
      .createQueryBuilder()
      .update(ConnectionEntity)
      .set({ passwordSealed: next.sealedPassword, sslKeySealed: next.ssl?.sealedKey ?? null })
      .where('id = :id', { id: previous.id })
      .andWhere('password_sealed = :password', { password: previous.sealedPassword })
      .andWhere(
        new Brackets((where) =>
          previousKey === null ? where.where('ssl_key_sealed IS NULL') : where.where('ssl_key_sealed = :key', { key: previousKey }),
        ),
      )
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

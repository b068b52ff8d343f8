import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The connections table; written with TypeORM's portable Table API so it runs on SQLite and PostgreSQL. */
export class CreateConnections1764230400000 implements MigrationInterface {
  name = 'CreateConnections1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'connections',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization_id', type: 'varchar', length: '200' },
          { name: 'product_name', type: 'varchar', length: '100', isNullable: true },
          { name: 'config_name', type: 'varchar', length: '100' },
          { name: 'config_name_key', type: 'varchar', length: '100' },
          { name: 'type', type: 'varchar', length: '20' },
          { name: 'host', type: 'varchar', length: '253' },
          { name: 'port', type: 'integer' },
          { name: 'database_name', type: 'varchar', length: '128' },
          { name: 'user_name', type: 'varchar', length: '128' },
          { name: 'password_sealed', type: 'text' },
          { name: 'schema_name', type: 'varchar', length: '128', isNullable: true },
          { name: 'ssl_mode', type: 'varchar', length: '16', isNullable: true },
          { name: 'ssl_ca', type: 'text', isNullable: true },
          { name: 'ssl_cert', type: 'text', isNullable: true },
          { name: 'ssl_key_sealed', type: 'text', isNullable: true },
          { name: 'metadata', type: 'text' },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'deleted_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    // configName is unique per organization among live connections, compared case-insensitively;
    // the index (not a read-then-write check) is what holds under concurrent creates.
    await queryRunner.createIndex(
      'connections',
      new TableIndex({
        name: 'uq_connections_live_config_name',
        columnNames: ['organization_id', 'config_name_key'],
        isUnique: true,
        where: 'deleted_at IS NULL',
      }),
    );
    await queryRunner.createIndex(
      'connections',
      new TableIndex({
        name: 'ix_connections_live_created',
        columnNames: ['organization_id', 'created_at', 'id'],
        where: 'deleted_at IS NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('connections');
  }
}

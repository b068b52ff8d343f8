import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const TABLE = 'connection_events';
const GUARD = 'connection_events_append_only';
const REFUSAL = 'connection_events is append-only: history events are never changed or removed';

/**
 * The history of connections (spec §3.14): one row per event, written with TypeORM's portable Table
 * API like the connections table, so it runs on SQLite and PostgreSQL alike. The trail query reads
 * one connection of one organization, newest first: the index serves it in that order. Events are
 * append-only, and the store itself says so: triggers refuse every UPDATE and DELETE (and, on
 * PostgreSQL, TRUNCATE) of the table, whatever code asks.
 */
export class CreateConnectionEvents1764835200000 implements MigrationInterface {
  name = 'CreateConnectionEvents1764835200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organization_id', type: 'varchar', length: '200' },
          { name: 'connection_id', type: 'varchar', length: '36' },
          { name: 'at', type: 'bigint' },
          { name: 'action', type: 'varchar', length: '20' },
          { name: 'actor', type: 'text' },
          { name: 'request_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'changes', type: 'text', isNullable: true },
          { name: 'source_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'target_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'outcome_status', type: 'varchar', length: '10', isNullable: true },
          { name: 'outcome_reason', type: 'varchar', length: '40', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      TABLE,
      new TableIndex({
        name: 'ix_connection_events_trail',
        columnNames: ['organization_id', 'connection_id', 'at', 'id'],
      }),
    );
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE FUNCTION ${GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${GUARD} BEFORE UPDATE OR DELETE ON ${TABLE} FOR EACH ROW EXECUTE FUNCTION ${GUARD}()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${GUARD}_truncate BEFORE TRUNCATE ON ${TABLE} FOR EACH STATEMENT EXECUTE FUNCTION ${GUARD}()`,
      );
    } else {
      for (const operation of ['UPDATE', 'DELETE']) {
        await queryRunner.query(
          `CREATE TRIGGER ${GUARD}_${operation.toLowerCase()} BEFORE ${operation} ON ${TABLE} BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping the table drops its triggers (and fires none of them).
    await queryRunner.dropTable(TABLE);
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query(`DROP FUNCTION ${GUARD}()`);
  }
}

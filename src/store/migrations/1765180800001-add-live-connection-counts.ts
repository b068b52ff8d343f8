import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const TABLE = 'connection_counts';
const TRACK = 'connection_counts_track';
/** PostgreSQL: counters per organization and product, so concurrent creates in one product rarely wait on one row. */
const SHARDS = 16;
/** The product key of connections without a product (a product name is never empty, spec §2). */
const NO_PRODUCT = "''";
/** The columns whose change moves a connection from one counter to another (or in or out of the live ones). */
const COUNTED = ['organization_id', 'product_name', 'deleted_at'] as const;

/**
 * How many live connections each organization has in each product (spec §3.2's `total` of a list
 * without filters), kept by the store itself: triggers on the connections table add and take one
 * as a row is inserted, soft-deleted (or hard-deleted), or moved to another product, in the
 * transaction of that write, so a count is as exact as COUNT(*) and costs a handful of rows however
 * many connections an organization has. Every writer is counted, whatever code writes: the service,
 * provisioning, key rotation (which changes no counted column), a person with psql.
 *
 * On PostgreSQL each organization and product has SHARDS counters, picked by the connection's id,
 * so two creates in one product take the same counter's row lock only one time in SHARDS (the lock
 * is held until their commit); a count sums them. SQLite has one writer at a time: one counter.
 * Existing rows are counted after the triggers exist, in the migration's transaction: on PostgreSQL
 * CREATE TRIGGER locks the table against writes until then, so no write is missed or counted twice.
 */
export class AddLiveConnectionCounts1765180800001 implements MigrationInterface {
  name = 'AddLiveConnectionCounts1765180800001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [
          { name: 'organization_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'product_key', type: 'varchar', length: '100', isPrimary: true },
          { name: 'shard', type: 'integer', isPrimary: true },
          { name: 'live', type: 'bigint' },
        ],
      }),
    );
    if (queryRunner.connection.options.type === 'postgres') await this.postgresTriggers(queryRunner);
    else await this.sqliteTriggers(queryRunner);
    await queryRunner.query(
      `INSERT INTO ${TABLE} (organization_id, product_key, shard, live)
       SELECT organization_id, COALESCE(product_name, ${NO_PRODUCT}), 0, COUNT(*) FROM connections
        WHERE deleted_at IS NULL GROUP BY organization_id, COALESCE(product_name, ${NO_PRODUCT})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER ${TRACK}_update ON connections`);
      await queryRunner.query(`DROP TRIGGER ${TRACK} ON connections`);
      await queryRunner.query(`DROP TRIGGER ${TRACK}_truncate ON connections`);
      await queryRunner.query(`DROP FUNCTION ${TRACK}()`);
      await queryRunner.query(`DROP FUNCTION ${TRACK}_truncate()`);
    } else {
      for (const operation of ['insert', 'delete', 'update']) await queryRunner.query(`DROP TRIGGER ${TRACK}_${operation}`);
    }
    await queryRunner.dropTable(TABLE);
  }

  private async postgresTriggers(queryRunner: QueryRunner): Promise<void> {
    const add = (row: 'OLD' | 'NEW', step: 1 | -1) =>
      `INSERT INTO ${TABLE} AS c (organization_id, product_key, shard, live)
         VALUES (${row}.organization_id, COALESCE(${row}.product_name, ${NO_PRODUCT}), get_byte(decode(md5(${row}.id), 'hex'), 0) % ${SHARDS}, ${step})
         ON CONFLICT (organization_id, product_key, shard) DO UPDATE SET live = c.live + EXCLUDED.live;`;
    await queryRunner.query(
      `CREATE FUNCTION ${TRACK}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN ${add('OLD', -1)} END IF;
         IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN ${add('NEW', 1)} END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(`CREATE TRIGGER ${TRACK} AFTER INSERT OR DELETE ON connections FOR EACH ROW EXECUTE FUNCTION ${TRACK}()`);
    await queryRunner.query(
      `CREATE TRIGGER ${TRACK}_update AFTER UPDATE OF ${COUNTED.join(', ')} ON connections FOR EACH ROW
       WHEN (${COUNTED.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ')}) EXECUTE FUNCTION ${TRACK}()`,
    );
    await queryRunner.query(`CREATE FUNCTION ${TRACK}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM ${TABLE}; RETURN NULL; END $$`);
    await queryRunner.query(`CREATE TRIGGER ${TRACK}_truncate AFTER TRUNCATE ON connections FOR EACH STATEMENT EXECUTE FUNCTION ${TRACK}_truncate()`);
  }

  private async sqliteTriggers(queryRunner: QueryRunner): Promise<void> {
    // `INSERT … SELECT … WHERE` (not VALUES): the WHERE both skips rows that are not live and
    // keeps SQLite's parser from reading ON CONFLICT as a join constraint.
    const add = (row: 'OLD' | 'NEW', step: 1 | -1) =>
      `INSERT INTO ${TABLE} (organization_id, product_key, shard, live)
         SELECT ${row}.organization_id, COALESCE(${row}.product_name, ${NO_PRODUCT}), 0, ${step} WHERE ${row}.deleted_at IS NULL
         ON CONFLICT (organization_id, product_key, shard) DO UPDATE SET live = live + excluded.live;`;
    await queryRunner.query(`CREATE TRIGGER ${TRACK}_insert AFTER INSERT ON connections BEGIN ${add('NEW', 1)} END`);
    await queryRunner.query(`CREATE TRIGGER ${TRACK}_delete AFTER DELETE ON connections BEGIN ${add('OLD', -1)} END`);
    await queryRunner.query(
      `CREATE TRIGGER ${TRACK}_update AFTER UPDATE OF ${COUNTED.join(', ')} ON connections
       WHEN ${COUNTED.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ')}
       BEGIN ${add('OLD', -1)} ${add('NEW', 1)} END`,
    );
  }
}

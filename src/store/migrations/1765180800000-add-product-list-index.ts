import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEX = 'ix_connections_live_product_created';

/**
 * The list of one product's connections (spec §3.2 with `X-Product-Name`, and the unassigned list,
 * product null) in its default order, createdAt then id, newest first: the index hands PostgreSQL and
 * SQLite the page in order, and its columns are all a page's ids need (an index-only scan on
 * PostgreSQL). Without it the list of an organization walked the organization's index in order and
 * dropped other products' rows one by one. Live rows only, like the organization's index.
 */
export class AddProductListIndex1765180800000 implements MigrationInterface {
  name = 'AddProductListIndex1765180800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'connections',
      new TableIndex({
        name: INDEX,
        columnNames: ['organization_id', 'product_name', 'created_at', 'id'],
        where: 'deleted_at IS NULL',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('connections', INDEX);
  }
}

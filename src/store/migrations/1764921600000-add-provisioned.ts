import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks the connections declared in the provisioning file (spec §3.15): PATCH and DELETE refuse
 * them, and only they are ever removed by provisioning. Plain `ALTER TABLE … ADD COLUMN`, which
 * SQLite and PostgreSQL both run in place (TypeORM's addColumn would rebuild the SQLite table);
 * every existing row is an ordinary connection.
 */
export class AddProvisioned1764921600000 implements MigrationInterface {
  name = 'AddProvisioned1764921600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE connections ADD COLUMN provisioned boolean NOT NULL DEFAULT false',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE connections DROP COLUMN provisioned');
  }
}

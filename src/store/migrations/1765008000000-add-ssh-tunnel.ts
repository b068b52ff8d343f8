import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a connection's SSH bastion (spec §5.1), in the entity's order; all null without a tunnel. */
const COLUMNS: ReadonlyArray<[name: string, type: string]> = [
  ['ssh_host', 'varchar(253)'],
  ['ssh_port', 'integer'],
  ['ssh_user_name', 'varchar(128)'],
  ['ssh_host_key_fingerprint', 'varchar(64)'],
  ['ssh_private_key_sealed', 'text'],
  ['ssh_passphrase_sealed', 'text'],
  ['ssh_password_sealed', 'text'],
];

/**
 * The SSH tunnel of a connection (spec §5.1): its host, port, user and pinned host key in clear,
 * and each of its secrets (private key, passphrase, password) sealed on its own, with its own
 * additional data. Plain `ALTER TABLE … ADD COLUMN`, one column a statement, which SQLite and
 * PostgreSQL both run in place (as AddProvisioned); every existing row has no tunnel.
 */
export class AddSshTunnel1765008000000 implements MigrationInterface {
  name = 'AddSshTunnel1765008000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, type] of COLUMNS) {
      await queryRunner.query(`ALTER TABLE connections ADD COLUMN ${name} ${type} NULL`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE connections DROP COLUMN ${name}`);
    }
  }
}

import { Column, Entity, PrimaryColumn, ValueTransformer } from 'typeorm';

/** Epoch milliseconds in a BIGINT: exact, sortable and the same on SQLite and PostgreSQL. */
export const epochMillis: ValueTransformer = {
  to: (value: Date | null | undefined) => (value ? value.getTime() : value),
  from: (value: string | number | null) => (value === null ? null : new Date(Number(value))),
};

/** One row per connection, live or soft-deleted. Only the adapter and the mapper see this type. */
@Entity({ name: 'connections' })
export class ConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 200 })
  organizationId: string;

  @Column({ name: 'product_name', type: 'varchar', length: 100, nullable: true })
  productName: string | null;

  @Column({ name: 'config_name', type: 'varchar', length: 100 })
  configName: string;

  /** Lower-cased configName: the unique index compares case-insensitively through it. */
  @Column({ name: 'config_name_key', type: 'varchar', length: 100 })
  configNameKey: string;

  @Column({ type: 'varchar', length: 20 })
  type: string;

  @Column({ type: 'varchar', length: 253 })
  host: string;

  @Column({ type: 'integer' })
  port: number;

  @Column({ name: 'database_name', type: 'varchar', length: 128 })
  databaseName: string;

  @Column({ name: 'user_name', type: 'varchar', length: 128 })
  userName: string;

  @Column({ name: 'password_sealed', type: 'text' })
  passwordSealed: string;

  @Column({ name: 'schema_name', type: 'varchar', length: 128, nullable: true })
  schemaName: string | null;

  @Column({ name: 'ssl_mode', type: 'varchar', length: 16, nullable: true })
  sslMode: string | null;

  @Column({ name: 'ssl_ca', type: 'text', nullable: true })
  sslCa: string | null;

  @Column({ name: 'ssl_cert', type: 'text', nullable: true })
  sslCert: string | null;

  @Column({ name: 'ssl_key_sealed', type: 'text', nullable: true })
  sslKeySealed: string | null;

  /** The SSH bastion (spec §5.1): all four set, or none (no tunnel). */
  @Column({ name: 'ssh_host', type: 'varchar', length: 253, nullable: true })
  sshHost: string | null;

  @Column({ name: 'ssh_port', type: 'integer', nullable: true })
  sshPort: number | null;

  @Column({ name: 'ssh_user_name', type: 'varchar', length: 128, nullable: true })
  sshUserName: string | null;

  @Column({ name: 'ssh_host_key_fingerprint', type: 'varchar', length: 64, nullable: true })
  sshHostKeyFingerprint: string | null;

  @Column({ name: 'ssh_private_key_sealed', type: 'text', nullable: true })
  sshPrivateKeySealed: string | null;

  @Column({ name: 'ssh_passphrase_sealed', type: 'text', nullable: true })
  sshPassphraseSealed: string | null;

  @Column({ name: 'ssh_password_sealed', type: 'text', nullable: true })
  sshPasswordSealed: string | null;

  /** JSON object of string values. */
  @Column({ type: 'text' })
  metadata: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;

  /** Declared in the provisioning file (spec §3.15): changed by the file only. */
  @Column({ type: 'boolean', default: false })
  provisioned: boolean;

  @Column({ name: 'deleted_at', type: 'bigint', nullable: true, transformer: epochMillis })
  deletedAt: Date | null;
}

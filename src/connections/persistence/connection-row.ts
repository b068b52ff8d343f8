import { Connection } from '../domain/connection';
import { EngineType, SslMode } from '../../engines/engine';

/** The columns a read returns, in the order of the table. */
export const CONNECTION_COLUMNS =
  'id, organization_id, product_name, config_name, type, host, port, database_name, user_name, password_sealed, ' +
  'schema_name, ssl_mode, ssl_ca, ssl_cert, ssl_key_sealed, metadata, created_at, updated_at';

/** A row as the drivers return it (PostgreSQL gives BIGINT as text, SQLite as a number). */
export interface ConnectionRow {
  id: string;
  organization_id: string;
  product_name: string | null;
  config_name: string;
  type: string;
  host: string;
  port: number | string;
  database_name: string;
  user_name: string;
  password_sealed: string;
  schema_name: string | null;
  ssl_mode: string | null;
  ssl_ca: string | null;
  ssl_cert: string | null;
  ssl_key_sealed: string | null;
  metadata: string;
  created_at: number | string;
  updated_at: number | string;
}

export function rowToConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    organizationId: row.organization_id,
    productName: row.product_name,
    configName: row.config_name,
    type: row.type as EngineType,
    host: row.host,
    port: Number(row.port),
    databaseName: row.database_name,
    userName: row.user_name,
    sealedPassword: row.password_sealed,
    schema: row.schema_name,
    ssl: row.ssl_mode
      ? {
          mode: row.ssl_mode as SslMode,
          ...(row.ssl_ca ? { ca: row.ssl_ca } : {}),
          ...(row.ssl_cert ? { cert: row.ssl_cert } : {}),
          ...(row.ssl_key_sealed ? { sealedKey: row.ssl_key_sealed } : {}),
        }
      : null,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** Collects parameters and writes each driver's placeholder (`$1` for PostgreSQL, `?` for SQLite). */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly postgres: boolean) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }
}

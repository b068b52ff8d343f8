/**
 * The SQL the service issues (src/connections/persistence/typeorm-connection.repository.ts: raw SQL
 * built from the entity's metadata on the read path, TypeORM's insert on create), reproduced
 * verbatim for the floor programs, plus the pg Pool settings of src/store/data-source-options.ts.
 * Floors do the same SQL and nothing else: no validation, no encryption (the service seals the
 * password with AES-256-GCM on create; a floor stores the given password as is), no logging.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

const COLUMNS = [
  'id', 'organization_id', 'product_name', 'config_name', 'config_name_key', 'type', 'host', 'port', 'database_name',
  'user_name', 'password_sealed', 'schema_name', 'ssl_mode', 'ssl_ca', 'ssl_cert', 'ssl_key_sealed', 'metadata',
  'created_at', 'updated_at', 'deleted_at',
];

/** Each column's entity property name (connection.entity.ts): the read SELECT aliases columns to them. */
const PROPERTIES = COLUMNS.map((column) => column.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase()));

/** The read column list the repository builds from the entity's metadata (connection-table.ts). */
export const READ_COLUMNS = COLUMNS.map((column, index) => (column === PROPERTIES[index] ? `"${column}"` : `"${column}" AS "${PROPERTIES[index]}"`)).join(', ');

/** `findById` */
export const GET_BY_ID_SQL = `SELECT ${READ_COLUMNS} FROM "connections" WHERE "id" = $1 AND "organization_id" = $2 AND "deleted_at" IS NULL`;

/** `findPage` of the first page, default sort createdAt desc: the page query... */
export const LIST_PAGE_SQL =
  `SELECT ${READ_COLUMNS} FROM "connections" WHERE "organization_id" = $1 AND "deleted_at" IS NULL ` +
  `ORDER BY "created_at" DESC, "id" DESC LIMIT $2 OFFSET $3`;

/** ...then the count, each through its own pool checkout (as `dataSource.query` does). */
export const LIST_COUNT_SQL = `SELECT COUNT(*) AS total FROM "connections" WHERE "organization_id" = $1 AND "deleted_at" IS NULL`;

/** `repository.insert(entity)` */
export const INSERT_SQL =
  `INSERT INTO "connections"(${COLUMNS.map((column) => `"${column}"`).join(', ')}) ` +
  `VALUES (${COLUMNS.map((_column, index) => `$${index + 1}`).join(', ')})`;

export const ORGANIZATION = 'default';

/**
 * Same pool as the service: max 20, 1.5 s connect/query/statement timeouts, keep-alive. Its
 * `application_name` is the URL's when it names one (a suite tells the backends of its targets apart).
 */
export function floorPool(databaseUrl: string): Pool {
  return new Pool({
    connectionString: databaseUrl,
    application_name: new URL(databaseUrl).searchParams.get('application_name') ?? 'bench-floor',
    max: 20,
    connectionTimeoutMillis: 1500,
    query_timeout: 1500,
    statement_timeout: 1500,
    keepAlive: true,
  });
}

type Row = Record<string, string | number | null>;

/** The response shape of the service (ConnectionResponseDto), built from a row keyed by property name. */
function toResponse(row: Row): Record<string, unknown> {
  const response: Record<string, unknown> = {
    id: row.id,
    configName: row.configName,
  };
  if (row.productName) response.productName = row.productName;
  response.type = row.type;
  response.host = row.host;
  response.port = row.port;
  response.databaseName = row.databaseName;
  response.userName = row.userName;
  if (row.schemaName) response.schema = row.schemaName;
  if (row.sslMode) response.ssl = { mode: row.sslMode };
  const metadata = JSON.parse(String(row.metadata)) as Record<string, string>;
  if (Object.keys(metadata).length > 0) response.metadata = metadata;
  response.createdAt = new Date(Number(row.createdAt)).toISOString();
  response.updatedAt = new Date(Number(row.updatedAt)).toISOString();
  return response;
}

export async function getById(pool: Pool, id: string): Promise<Record<string, unknown> | null> {
  const result = await pool.query<Row>(GET_BY_ID_SQL, [id, ORGANIZATION]);
  return result.rows[0] ? toResponse(result.rows[0]) : null;
}

export async function listFirstPage(pool: Pool, limit: number): Promise<Record<string, unknown>> {
  const page = await pool.query<Row>(LIST_PAGE_SQL, [ORGANIZATION, limit, 0]);
  const count = await pool.query<{ total: string }>(LIST_COUNT_SQL, [ORGANIZATION]);
  return { items: page.rows.map((row) => toResponse(row)), page: 1, limit, total: Number(count.rows[0]?.total ?? 0) };
}

export interface CreateInput {
  configName: string;
  type: string;
  host: string;
  port: number;
  databaseName: string;
  userName: string;
  password: string;
  schema?: string;
  metadata?: Record<string, string>;
}

/** Same INSERT and row shape as the service; `productName` from the header. 409 is the caller's job. */
export async function insert(pool: Pool, input: CreateInput, productName: string): Promise<Record<string, unknown>> {
  const id = randomUUID();
  const now = Date.now();
  const values = [
    id, ORGANIZATION, productName, input.configName, input.configName.toLowerCase(), input.type, input.host, input.port,
    input.databaseName, input.userName, input.password, input.schema ?? null, null, null, null, null,
    JSON.stringify(input.metadata ?? {}), now, now, null,
  ];
  await pool.query(INSERT_SQL, values);
  return toResponse(Object.fromEntries<Row[string]>(PROPERTIES.map((property, index) => [property, values[index]])));
}

export const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

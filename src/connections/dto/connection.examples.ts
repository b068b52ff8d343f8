import { PEM_CERTIFICATE_EXAMPLE } from './ssl.dto';

/** The OpenAPI examples of a connection: what the Swagger UI fills in and shows. */

/** The seed page's create example: what the Swagger UI sends on its first click. */
export const CREATE_EXAMPLE = {
  configName: 'production-db',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'mydatabase',
  userName: 'dbuser',
  password: 'secretpassword',
  schema: 'public',
  ssl: { mode: 'require', ca: PEM_CERTIFICATE_EXAMPLE },
  metadata: { environment: 'production', team: 'data-engineering' },
};

/** The create example without its name: the settings a test before saving takes (spec §3.11). */
export const TEST_UNSAVED_EXAMPLE: Record<string, unknown> = Object.fromEntries(
  Object.entries(CREATE_EXAMPLE).filter(([key]) => key !== 'configName'),
);

/** What the seed's create example answers. */
export const CONNECTION_EXAMPLE = {
  id: '019abcde-f012-7345-8678-9abcdef01234',
  configName: 'production-db',
  productName: 'my-product',
  type: 'POSTGRESQL',
  host: 'db.example.com',
  port: 5432,
  databaseName: 'mydatabase',
  userName: 'dbuser',
  schema: 'public',
  ssl: { mode: 'require' },
  metadata: { environment: 'production', team: 'data-engineering' },
  createdAt: '2024-01-15T10:30:00.000Z',
  updatedAt: '2024-01-15T10:30:00.000Z',
};

/** A PATCH that moves nothing: a new reading account's name and new metadata. */
export const UPDATE_EXAMPLE = {
  userName: 'report_reader',
  metadata: { environment: 'production', team: 'finance' },
};

/**
 * A PATCH that moves the connection (another port; likewise type, host, or a lower `ssl.mode`):
 * it carries the password again (the credential guard, spec §3.4).
 */
export const UPDATE_DESTINATION_EXAMPLE = {
  port: 6432,
  password: 'secretpassword',
};

/** A clone of the seed's connection: only the new name is sent. */
export const CLONE_EXAMPLE = { configName: 'production-db-copy' };

/** What cloning the seed's connection answers: a new id and name, the same settings. */
export const CLONED_CONNECTION_EXAMPLE = {
  ...CONNECTION_EXAMPLE,
  id: '019abcdf-0a1b-7c2d-8e3f-4a5b6c7d8e9f',
  configName: 'production-db-copy',
  createdAt: '2024-01-16T08:00:00.000Z',
  updatedAt: '2024-01-16T08:00:00.000Z',
};

/** An import (spec §3.12): the Swagger UI's first click creates it (db.example.com is never dialled on import). */
export const IMPORT_EXAMPLE = {
  configName: 'imported-sales-db',
  uri: 'postgresql://report_reader:s3cret%40pw@db.example.com:5432/sales?sslmode=require&currentSchema=reporting',
  metadata: { environment: 'production', team: 'finance' },
};

/** What the import example answers. */
export const IMPORTED_CONNECTION_EXAMPLE = {
  ...CONNECTION_EXAMPLE,
  configName: 'imported-sales-db',
  databaseName: 'sales',
  userName: 'report_reader',
  schema: 'reporting',
  ssl: { mode: 'require' },
  metadata: { environment: 'production', team: 'finance' },
};

/** The report of a test that went through every stage (TLS off). */
export const TEST_SUCCESS_EXAMPLE = {
  status: 'success',
  message: 'Connection successful',
  latencyMs: 12,
  serverVersion: 'PostgreSQL 16.4',
  checks: [
    { stage: 'resolve', status: 'ok', durationMs: 1 },
    { stage: 'connect', status: 'ok', durationMs: 2 },
    { stage: 'tls', status: 'skipped', durationMs: 0 },
    { stage: 'authenticate', status: 'ok', durationMs: 6 },
    { stage: 'query', status: 'ok', durationMs: 3 },
  ],
};

/** The report of a test whose password the server refused. */
export const TEST_AUTH_FAILED_EXAMPLE = {
  status: 'failure',
  message: 'The server rejected the user name or password.',
  latencyMs: 9,
  checks: [
    { stage: 'resolve', status: 'ok', durationMs: 1 },
    { stage: 'connect', status: 'ok', durationMs: 0 },
    { stage: 'tls', status: 'skipped', durationMs: 0 },
    { stage: 'authenticate', status: 'failed', durationMs: 8 },
    { stage: 'query', status: 'skipped', durationMs: 0 },
  ],
  error: { reason: 'AUTH_FAILED', stage: 'authenticate' },
};

/** A connection's trail, newest first: what the history route answers for the seed's example. */
export const HISTORY_PAGE_EXAMPLE = {
  items: [
    {
      id: '019abd02-0000-7000-8000-000000000003',
      at: '2024-01-16T09:05:00.000Z',
      action: 'tested',
      actor: 'auth0|5f7c8ec7c33c6c004bbafe82',
      requestId: '3f2b8c1e-6d4a-4e0b-9a57-2c9d1e7f4a10',
      outcome: { status: 'failure', reason: 'AUTH_FAILED' },
    },
    {
      id: '019abd01-0000-7000-8000-000000000002',
      at: '2024-01-16T09:00:00.000Z',
      action: 'updated',
      actor: 'auth0|5f7c8ec7c33c6c004bbafe82',
      requestId: '9d1c0b7a-2e4f-4a6b-8c3d-5e7f9a1b2c3d',
      changes: {
        host: { from: 'db-old.example.com', to: 'db.example.com' },
        password: { changed: true },
        'ssl.mode': { from: 'require', to: 'verify-full' },
      },
    },
    {
      id: '019abcdf-0a1b-7c2d-8e3f-000000000001',
      at: '2024-01-16T08:00:00.000Z',
      action: 'copied',
      actor: 'auth0|5f7c8ec7c33c6c004bbafe82',
      requestId: '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9',
      targetId: '019abcdf-0a1b-7c2d-8e3f-4a5b6c7d8e9f',
    },
    {
      id: '019abcde-f012-7345-8678-9abcdef01235',
      at: '2024-01-15T10:30:00.000Z',
      action: 'created',
      actor: 'auth0|5f7c8ec7c33c6c004bbafe82',
      requestId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
      changes: {
        configName: { from: null, to: 'production-db' },
        productName: { from: null, to: 'my-product' },
        type: { from: null, to: 'POSTGRESQL' },
        host: { from: null, to: 'db-old.example.com' },
        port: { from: null, to: 5432 },
        databaseName: { from: null, to: 'mydatabase' },
        userName: { from: null, to: 'dbuser' },
        password: { changed: true },
        schema: { from: null, to: 'public' },
        'ssl.mode': { from: null, to: 'require' },
        'ssl.ca': { changed: true },
        metadata: { from: null, to: { environment: 'production', team: 'data-engineering' } },
      },
    },
  ],
  page: 1,
  limit: 10,
  total: 4,
};

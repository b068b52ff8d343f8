import type { Middleware } from 'openapi-fetch';

/**
 * What the client scenario is given and what it reports back. Plain types, independent of the
 * generated ones, so the e2e spec can import them (and `npm run typecheck` check them) on a fresh
 * clone, before anything is generated.
 */

/**
 * A PostgreSQL database the service can reach, with tables `invoices (id, customer_id, amount,
 * issued_on)` and `billing.payments`.
 */
export interface ScenarioDatabase {
  host: string;
  port: number;
  databaseName: string;
  userName: string;
  password: string;
}

export interface ConnectionsScenarioSetup {
  /** Where the service listens, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** The product the scenario works for (`X-Product-Name`). */
  product: string;
  database: ScenarioDatabase;
  /** A CA certificate (PEM) for the connection's SSL block. */
  caPem: string;
  /** An SSH bastion's key pin and a private key for a connection through it (made at test time). */
  sshTunnel: { privateKey: string; hostKeyFingerprint: string };
  /** A connection that belongs to no product yet (the API cannot make one: a provisioned or migrated row). */
  unassignedId: string;
  /** Registered on the client before the first call (the spec records each call with one). */
  middleware?: Middleware[];
}

export interface ValidationProblem {
  type: string;
  dataSourceId: string;
  table?: string;
  field?: string;
  suggestion?: string;
}

export interface ConnectionsScenarioReport {
  created: {
    id: string;
    configName: string;
    productName?: string;
    sslMode?: string;
    metadata?: Record<string, string>;
    requestId: string | null;
  };
  listed: { ids: string[]; total: number; page: number; limit: number };
  etag: string;
  patched: {
    schema?: string;
    sslMode?: string;
    metadata?: Record<string, string>;
    etag: string | null;
  };
  stalePatch: { status: number; code: string };
  cloned: {
    id: string;
    configName: string;
    productName?: string;
    host: string;
    port: number;
    databaseName: string;
    userName: string;
    schema?: string;
    sslMode?: string;
    etag: string | null;
    test: string;
    takenName: { status: number; code: string };
  };
  /** The test before saving, made before the create (so the list shows only the created one). */
  unsavedTest: { status: string; stages: string[]; serverVersion?: string };
  test: { status: string; stages: string[]; serverVersion?: string };
  discoveredTables: string[];
  validation: { status: number; code: string; errors: ValidationProblem[] };
  imported: {
    type: string;
    databaseName: string;
    userName: string;
    schema?: string;
    sslMode?: string;
    metadata?: Record<string, string>;
    etag: string | null;
    test: string;
    refused: { status: number; code: string; fields: string[] };
  };
  /** A connection through an SSH bastion: created, its fingerprint changed (secrets kept), moved without its secrets (refused), then removed. */
  tunnel: {
    created?: { host: string; port: number; userName: string; hostKeyFingerprint: string };
    repinned?: string;
    moved: { status: number; code: string; fields: string[] };
    removed: boolean;
  };
  unassignedIds: string[];
  assigned: { id: string; productName?: string };
  deleted: { status: number; thenGet: { status: number; code: string } };
  history: {
    total: number;
    events: Array<{
      action: string;
      actor: string;
      changed: string[];
      password?: unknown;
      outcome?: string;
      targetId?: string;
    }>;
  };
}

export type RunConnectionsScenario = (
  setup: ConnectionsScenarioSetup,
) => Promise<ConnectionsScenarioReport>;

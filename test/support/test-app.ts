import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { httpPlatform } from '../../src/common/http/http-platform';
import { HttpAdapterName } from '../../src/config/settings';
import { testHttpAdapter } from './http-adapter';
import {
  attachResponseContract,
  settleResponseContract,
} from './response-contract/response-contract';

export type StoreKind = 'sqlite' | 'postgres';

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  /** The store's own URL (PostgreSQL) or directory (SQLite), for tests that inspect rows. */
  storeUrl?: string;
  dataDir: string;
  /** Stops the app and drops its store; fails when a response broke the OpenAPI document. */
  close(): Promise<void>;
}

export const TEST_KEY_ID = 'test';
export const TEST_KEY = randomBytes(32).toString('base64');

/** Creates an empty PostgreSQL database on the server at `serverUrl`; returns its URL and a dropper. */
export async function createPostgresDatabase(
  serverUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cs_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Boots the real AppModule (real store, real migrations) with `env` on top of a clean test
 * environment, on `adapter` (else TEST_HTTP_ADAPTER's, express by default). `store: 'postgres'` needs TEST_DATABASE_URL and gets a database of its own.
 */
export async function createTestApp(
  options: { store?: StoreKind; env?: Record<string, string>; adapter?: HttpAdapterName } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-test-'));
  let database: { url: string; drop(): Promise<void> } | undefined;
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) {
    if (
      /^(DATABASE_URL|ENCRYPTION_|HOST_|AUTH_|REDIS_URL|CONNECTION_TEST_|UNSAVED_TEST_|SCHEMA_|MONGODB_SAMPLE|NODE_ENV|PROVISIONING_)/.test(
        key,
      )
    ) {
      delete process.env[key];
    }
  }
  const adapter = options.adapter ?? testHttpAdapter();
  process.env.HTTP_ADAPTER = adapter;
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.ENCRYPTION_KEYS = `${TEST_KEY_ID}:${TEST_KEY}`;
  process.env.ENCRYPTION_ACTIVE_KEY_ID = TEST_KEY_ID;
  if (options.store === 'postgres') {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('store: postgres needs TEST_DATABASE_URL');
    database = await createPostgresDatabase(serverUrl);
    process.env.DATABASE_URL = database.url;
  }
  Object.assign(process.env, options.env ?? {});
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    const platform = httpPlatform(adapter);
    const app = configureApp(
      moduleRef.createNestApplication(platform.createAdapter(), {
        bodyParser: false,
        bufferLogs: true,
      }),
    );
    // After configureApp, whose listeners answer what Node's parser refuses: the contract sees those answers too.
    const contract = attachResponseContract(
      app.getHttpServer() as Server,
      'the app of createTestApp',
    );
    try {
      await platform.init(app);
    } catch (error) {
      // A boot that fails (a provisioning file that cannot be applied) leaves nothing open.
      await app.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
      settleResponseContract(contract);
      throw error;
    }
    return {
      app,
      http: request(app.getHttpServer()),
      storeUrl: database?.url,
      dataDir,
      close: async () => {
        await app.close();
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
        settleResponseContract(contract);
      },
    };
  } finally {
    process.env = saved;
  }
}

/** Asserts that nothing secret (the given plaintexts, and any sealed value) is anywhere in `payload`. */
export function expectNoSecrets(payload: unknown, secrets: string[] = []): void {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/v1:[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/);
  expect(text).not.toMatch(/"password"|"key"\s*:|BEGIN [A-Z ]*PRIVATE KEY/);
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type * as AppModuleFile from '../src/app.module';
import type * as AppSetupFile from '../src/app.setup';
import type * as OpenApiDocumentFile from '../src/openapi/openapi-document';

export const OPENAPI_FILE = resolve(__dirname, '..', 'openapi', 'connections-api.json');
const DIST = resolve(__dirname, '..', 'dist');

/** A copy with every object's keys in order (arrays keep theirs), so the file only changes when the contract does. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The committed form: sorted keys, 2-space JSON, trailing newline. */
export function stableJson(document: unknown): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

/**
 * Boots the built application (dist/, where `nest build` ran the swagger plugin: `npm run
 * openapi:export` builds first) on a throwaway embedded store with a throwaway key (never
 * listening) and writes its OpenAPI document to openapi/connections-api.json.
 */
export async function exportOpenApi(file = OPENAPI_FILE): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-openapi-'));
  Object.assign(process.env, {
    DATABASE_URL: '',
    REDIS_URL: '',
    AUTH_ENABLED: 'false',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ENCRYPTION_KEYS: `openapi:${randomBytes(32).toString('base64')}`,
    ENCRYPTION_ACTIVE_KEY_ID: 'openapi',
  });
  try {
    const { AppModule } = (await import(join(DIST, 'app.module.js'))) as typeof AppModuleFile;
    const { configureApp } = (await import(join(DIST, 'app.setup.js'))) as typeof AppSetupFile;
    const { buildOpenApiDocument } = (await import(join(DIST, 'openapi', 'openapi-document.js'))) as typeof OpenApiDocumentFile;
    const app = configureApp(await NestFactory.create(AppModule.forRoot(), { logger: false, bodyParser: false, abortOnError: false }));
    try {
      await app.init();
      const json = stableJson(buildOpenApiDocument(app));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, json);
      return json;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  exportOpenApi().then(
    (json) => {
      const paths = Object.keys((JSON.parse(json) as { paths: object }).paths).length;
      console.log(`wrote ${OPENAPI_FILE} (${paths} paths)`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

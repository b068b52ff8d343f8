import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Where the e2e run writes the types openapi-typescript generates from the committed document:
 * under test/.tmp (git-ignored), so a fresh clone has no such file until the spec has run. The
 * client scenario imports `paths` from here (`../.tmp/generated-client/connections-api`).
 */
export const GENERATED_CLIENT_TYPES = resolve(
  ROOT,
  'test',
  '.tmp',
  'generated-client',
  'connections-api.d.ts',
);

/** Runs generate-client-types.ts in a child Node process (see there why) on `documentFile`. */
export async function generateClientTypes(
  documentFile: string,
  outFile = GENERATED_CLIENT_TYPES,
): Promise<void> {
  const script = resolve(__dirname, 'generate-client-types.ts');
  await promisify(execFile)(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', script, documentFile, outFile],
    {
      cwd: ROOT,
      timeout: 60_000,
    },
  );
}

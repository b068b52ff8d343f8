import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import openapiTS, { astToString, OpenAPI3 } from 'openapi-typescript';

/**
 * Generates the TypeScript types of an OpenAPI 3 JSON document with openapi-typescript's
 * programmatic API, as a client author would, and writes them to a file. Run as a script
 * (`generate-client-types.ts <document.json> <out.d.ts>`) in a child process of the spec: Jest's
 * module system cannot load openapi-typescript's ESM-only dependencies, plain Node can.
 */
export async function generateClientTypes(documentFile: string, outFile: string): Promise<void> {
  const document = JSON.parse(readFileSync(documentFile, 'utf8')) as OpenAPI3;
  const source = astToString(await openapiTS(document, { silent: true }));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, source);
}

if (require.main === module) {
  const [documentFile, outFile] = process.argv.slice(2);
  if (!documentFile || !outFile) {
    console.error('usage: generate-client-types.ts <document.json> <out.d.ts>');
    process.exit(2);
  }
  generateClientTypes(documentFile, outFile).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

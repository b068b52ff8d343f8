import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TypeScript from 'typescript';

/** What `new Worker(script, { eval })` is given. */
export interface WorkerScript {
  script: string;
  eval: boolean;
}

let fromSource: string | undefined;

/**
 * The Oracle worker: in a build, the compiled `oracle-job.worker.js` beside this file. From source
 * (ts-jest, ts-node) there is no `.js`: the `.ts` is transpiled once per process and run as text,
 * because loading a TypeScript loader in every thread costs more than a short deadline allows on
 * a busy machine. Its bare imports then resolve from the working directory (the repository, where
 * tests and npm scripts run).
 */
export function oracleWorkerScript(): WorkerScript {
  if (__filename.endsWith('.js'))
    return { script: join(__dirname, 'oracle-job.worker.js'), eval: false };
  fromSource ??= transpile(join(__dirname, 'oracle-job.worker.ts'));
  return { script: fromSource, eval: true };
}

function transpile(file: string): string {
  const ts = createRequire(__filename)('typescript') as typeof TypeScript;
  return ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}

import { dirname, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Type-checks `files` (and what they import) with the repository's compiler options plus
 * `overrides`, as `tsc --noEmit` would, and returns the diagnostics formatted as tsc prints them
 * (paths relative to the repository); an empty string when there are none.
 */
export function typeCheck(files: string[], overrides: ts.CompilerOptions): string {
  const configFile = resolve(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configFile));
  const program = ts.createProgram(files, { ...options, ...overrides, noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  });
}

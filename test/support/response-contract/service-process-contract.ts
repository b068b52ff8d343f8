import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractMode } from './contract-mode';
import { Violation } from './response-check';
import { openRecorder } from './response-contract';

export interface ServiceProcessContract {
  /** Node options that load the checker into the child (after ts-node's register). */
  execArgv: string[];
  /** Environment the child needs on top of its own. */
  env: Record<string, string>;
}

/**
 * The response contract for a service started as a child process: the child checks its own
 * responses (child-preload.ts) and writes the violations to a file that this process reads when
 * the file's recorders are settled (the last afterAll of the test file).
 */
export function serviceProcessContract(label: string): ServiceProcessContract {
  if (contractMode() === 'off') return { execArgv: [], env: {} };
  // Created by the child's first violation only; each read moves it away (the child's next
  // append starts a new one), so nothing is read twice and nothing is left behind.
  const file = join(tmpdir(), `cs-contract-${randomUUID()}.jsonl`);
  openRecorder(label).addSource(() => {
    if (!existsSync(file)) return [];
    const taken = `${file}.read`;
    renameSync(file, taken);
    const lines = readFileSync(taken, 'utf8').split('\n').filter(Boolean);
    rmSync(taken, { force: true });
    return lines.map((line) => JSON.parse(line) as Violation);
  });
  return { execArgv: ['-r', join(__dirname, 'child-preload.ts')], env: { RESPONSE_CONTRACT_CHILD_LOG: file } };
}

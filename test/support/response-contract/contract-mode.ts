import { join, resolve } from 'node:path';

/**
 * `RESPONSE_CONTRACT`: `enforce` (default) fails the suite whose responses break the document;
 * `report` fails nothing and appends every distinct violation to the report file, which the end of
 * the run prints grouped; `off` checks nothing (to compare run times).
 */
export type ContractMode = 'enforce' | 'report' | 'off';

export function contractMode(): ContractMode {
  const value = (process.env.RESPONSE_CONTRACT ?? 'enforce').trim().toLowerCase();
  if (value === 'enforce' || value === 'report' || value === 'off') return value;
  throw new Error(`RESPONSE_CONTRACT must be enforce, report or off, not "${value}"`);
}

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where report mode writes (one JSON line per distinct violation and test file): `RESPONSE_CONTRACT_REPORT`. */
export function reportFile(): string {
  return resolve(process.env.RESPONSE_CONTRACT_REPORT ?? join(REPO_ROOT, 'test', '.tmp', 'response-contract.jsonl'));
}

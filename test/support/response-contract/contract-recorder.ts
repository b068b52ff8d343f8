import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { CapturedResponse } from './captured-response';
import { REPO_ROOT, contractMode, reportFile } from './contract-mode';
import { ContractDocument } from './contract-document';
import { HistorySecrets } from './history-secrets';
import { Violation, checkResponse } from './response-check';

/** A violation with where in the run it happened. */
export interface RecordedViolation extends Violation {
  suite?: string;
  test?: string;
}

/** Distinct kinds shown in a failure message; report mode lists them all. */
const SHOWN_KINDS = 15;

function jestState(): { testPath?: string; currentTestName?: string } {
  const jestExpect = (globalThis as { expect?: { getState?: () => { testPath?: string; currentTestName?: string } } }).expect;
  return jestExpect?.getState?.() ?? {};
}

/** The violations of the responses of one server (or one child process), until they are settled. */
export class ContractRecorder {
  private violations: RecordedViolation[] = [];
  private readonly sources: Array<() => Violation[]> = [];

  constructor(
    readonly label: string,
    private readonly document: ContractDocument,
    /** The masking oracle: shared by every recorder of the process (a history is read from the server that stored it, or another). */
    private readonly secrets: HistorySecrets,
  ) {}

  /** False for routes the document does not describe (/health, /metrics, /docs): their bodies are not kept. */
  wants(method: string, url: string): boolean {
    return this.document.match(method, url).kind !== 'outside';
  }

  readonly observe = (response: CapturedResponse): void => {
    let found: Violation[];
    try {
      found = [...checkResponse(this.document, response), ...this.secrets.observe(response)];
    } catch (error) {
      this.fail(response.method, response.url, response.status, error);
      return;
    }
    this.keep(found);
  };

  /** Records that the check itself could not run on a response: a failure too, never silence. */
  fail(method: string | undefined, url: string | undefined, status: number, error: unknown): void {
    this.keep([
      {
        method: method ?? '?',
        url: url ?? '?',
        status,
        operation: '(the contract check)',
        source: 'document',
        problem: `the contract check itself failed: ${error instanceof Error ? error.message : String(error)}`,
        kind: 'the check failed',
      },
    ]);
  }

  private keep(found: Violation[]): void {
    if (found.length === 0) return;
    const { testPath, currentTestName } = jestState();
    const suite = testPath ? relative(REPO_ROOT, testPath) : undefined;
    for (const violation of found) this.violations.push({ ...violation, suite, test: currentTestName });
  }

  /** Adds violations found elsewhere (a child process), read when the recorder is settled. */
  addSource(read: () => Violation[]): void {
    this.sources.push(read);
  }

  /** The violations not yet settled, emptied. */
  take(): RecordedViolation[] {
    const { testPath } = jestState();
    const suite = testPath ? relative(REPO_ROOT, testPath) : undefined;
    const all = [...this.violations, ...this.sources.flatMap((read) => read().map((violation) => ({ ...violation, suite })))];
    this.violations = [];
    return all;
  }
}

interface Group {
  first: RecordedViolation;
  count: number;
}

function groups(violations: RecordedViolation[]): Group[] {
  const byKind = new Map<string, Group>();
  for (const violation of violations) {
    const key = `${violation.operation}|${violation.status}|${violation.source}|${violation.kind}`;
    const group = byKind.get(key);
    if (group) group.count++;
    else byKind.set(key, { first: violation, count: 1 });
  }
  return [...byKind.values()];
}

/** The failure message: one line per distinct problem (capped), each with one request that showed it. */
export function formatViolations(violations: RecordedViolation[], origin: string): string {
  const distinct = groups(violations);
  const lines = distinct.slice(0, SHOWN_KINDS).map(({ first, count }) => {
    const times = count > 1 ? ` (×${count})` : '';
    return `  ${first.operation} → ${first.status} [${first.source}] ${first.problem}\n      e.g. ${first.method} ${first.url.slice(0, 120)}${times}`;
  });
  if (distinct.length > SHOWN_KINDS) lines.push(`  … and ${distinct.length - SHOWN_KINDS} more kinds`);
  return [
    `${violations.length} response(s) of ${origin} break the OpenAPI contract (openapi/connections-api.json), ${distinct.length} distinct:`,
    ...lines,
    'RESPONSE_CONTRACT=report npm test lists every violation of a run without failing.',
  ].join('\n');
}

/**
 * Settles what `recorder` found: throws (enforce), or appends one line per distinct violation to the
 * report file (report).
 */
export function settle(recorder: ContractRecorder, origin: string): void {
  const violations = recorder.take();
  if (violations.length === 0) return;
  if (contractMode() === 'report') {
    const file = reportFile();
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, groups(violations).map(({ first, count }) => JSON.stringify({ ...first, count }) + '\n').join(''));
    return;
  }
  throw new Error(formatViolations(violations, origin));
}

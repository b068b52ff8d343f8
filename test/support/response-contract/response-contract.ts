import { Server } from 'node:http';
import { contractMode } from './contract-mode';
import { ContractDocument } from './contract-document';
import { ContractRecorder, settle } from './contract-recorder';
import { HistorySecrets } from './history-secrets';
import { captureParserAnswers, captureResponse, watchRequests } from './response-capture';

/**
 * The response contract of the e2e run: every response a server of the service sends in a test
 * process is checked against openapi/connections-api.json (see response-check.ts for the rules).
 *
 * - createTestApp attaches its app's server (`attachResponseContract`) and settles it in
 *   `TestApp.close()`, so a violation fails the suite that produced it.
 * - test/support/response-contract/jest-setup.ts (every e2e file) watches every HTTP server of the
 *   process, so a server a suite starts itself is checked too, and fails the file in a last
 *   afterAll on whatever was not settled (a suite that never calls close(), its own server).
 */

let document: ContractDocument | undefined;
/** The secrets this file's requests sent, and the check of every history answer against them. */
const historySecrets = new HistorySecrets();
const recorders = new WeakMap<Server, ContractRecorder>();
/** HTTP servers of a test that stand in for something else than the service (an identity provider). */
const otherSystems = new WeakSet<Server>();
/** Every recorder of this test file (Jest gives each file its own copy of this module). */
const open = new Set<ContractRecorder>();
let stopWatching: (() => void) | undefined;
/** Requests the watcher could not check at all. */
const watchFailures: string[] = [];

export function contractDocument(): ContractDocument {
  document ??= ContractDocument.load();
  return document;
}

/** A recorder that settles with this file's others (for responses checked elsewhere, e.g. a child process). */
export function openRecorder(label: string): ContractRecorder {
  const recorder = new ContractRecorder(label, contractDocument(), historySecrets);
  open.add(recorder);
  return recorder;
}

/** Checks every response of `server` from now on; the violations wait in the returned recorder. */
export function attachResponseContract(server: Server, label: string): ContractRecorder {
  const known = recorders.get(server);
  if (known) return known;
  const recorder = openRecorder(label);
  recorders.set(server, recorder);
  if (contractMode() !== 'off') captureParserAnswers(server, recorder.observe);
  watchAllServers();
  return recorder;
}

/**
 * Leaves `server` out of the contract: for an HTTP server a test starts in place of another system
 * (the token issuer's JWKS endpoint). Every other HTTP server of a test process is taken for the service.
 */
export function excludeFromResponseContract(server: Server): void {
  otherSystems.add(server);
}

/** Fails (enforce) or reports (report) what `recorder` found since it was last settled. */
export function settleResponseContract(recorder: ContractRecorder): void {
  settle(recorder, recorder.label);
}

/**
 * Checks the responses of every HTTP server of this process, attaching a server the first time
 * it answers if nothing attached it before (once however often called). Returns the function that
 * stops watching.
 */
export function watchAllServers(): () => void {
  if (contractMode() !== 'off' && stopWatching === undefined) {
    stopWatching = watchRequests((server, request, response) => {
      if (otherSystems.has(server)) return;
      // Runs inside the server's request handling: it must never throw there.
      try {
        const recorder = recorders.get(server) ?? attachResponseContract(server, 'an HTTP server the suite started itself');
        try {
          if (recorder.wants(request.method ?? '', request.url ?? '')) captureResponse(request, response, recorder.observe);
        } catch (error) {
          recorder.fail(request.method, request.url, 0, error);
        }
      } catch (error) {
        // No recorder (the document did not load): the file fails on it when it settles.
        watchFailures.push(`${request.method ?? ''} ${request.url ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
  return () => {
    stopWatching?.();
    stopWatching = undefined;
  };
}

/** Settles every recorder of this file: what TestApp.close() did not settle fails the file here. */
export function settleAllResponseContracts(): void {
  const failures: string[] = [];
  for (const recorder of open) {
    try {
      settle(recorder, `${recorder.label}, found at the end of the test file`);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  open.clear();
  if (watchFailures.length > 0) failures.push(`The response contract could not check ${watchFailures.length} request(s): ${watchFailures.slice(0, 3).join('; ')}`);
  watchFailures.length = 0;
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

import fc from 'fast-check';
import type { Credential } from './robustness-auth';
import { Outgoing } from './robustness-http';

export const BASE = '/v1/management/connections';

export type RouteName =
  | 'create'
  | 'import'
  | 'list'
  | 'unassigned'
  | 'validate'
  | 'testUnsaved'
  | 'get'
  | 'patch'
  | 'delete'
  | 'assign'
  | 'clone'
  | 'test'
  | 'schema'
  | 'history'
  | 'live'
  | 'ready'
  | 'metrics';

const ID = '[^/]+';
const path = (suffix: string) => new RegExp(`^${BASE}${suffix}/?$`);

/** What the controllers declare (the service's own RouteCatalog reads the same from Nest). */
export const ROUTES: ReadonlyArray<{ name: RouteName; method: string; pattern: RegExp }> = [
  { name: 'create', method: 'POST', pattern: path('') },
  { name: 'import', method: 'POST', pattern: path('/import') },
  { name: 'list', method: 'GET', pattern: path('') },
  { name: 'unassigned', method: 'GET', pattern: path('/unassigned') },
  { name: 'validate', method: 'POST', pattern: path('/validate-schema') },
  { name: 'testUnsaved', method: 'POST', pattern: path('/test') },
  { name: 'get', method: 'GET', pattern: path(`/${ID}`) },
  { name: 'patch', method: 'PATCH', pattern: path(`/${ID}`) },
  { name: 'delete', method: 'DELETE', pattern: path(`/${ID}`) },
  { name: 'assign', method: 'POST', pattern: path(`/${ID}/assign`) },
  { name: 'clone', method: 'POST', pattern: path(`/${ID}/clone`) },
  { name: 'test', method: 'POST', pattern: path(`/${ID}/test`) },
  { name: 'schema', method: 'GET', pattern: path(`/${ID}/schema`) },
  { name: 'history', method: 'GET', pattern: path(`/${ID}/history`) },
  { name: 'live', method: 'GET', pattern: /^\/health\/live\/?$/ },
  { name: 'ready', method: 'GET', pattern: /^\/health\/ready\/?$/ },
  { name: 'metrics', method: 'GET', pattern: /^\/metrics\/?$/ },
];

const pathOf = (target: string) => target.split('?')[0];

/** The route that serves this method and path (the first declared wins, as in Nest). */
export function routeOf(method: string, target: string): RouteName | undefined {
  const asked = method === 'HEAD' ? 'GET' : method;
  return ROUTES.find((route) => route.method === asked && route.pattern.test(pathOf(target)))?.name;
}

/** Methods declared for the path, sorted: what a 405's `Allow` lists (empty for an unknown path). */
export function methodsOf(target: string): string[] {
  return [
    ...new Set(
      ROUTES.filter((route) => route.pattern.test(pathOf(target))).map((route) => route.method),
    ),
  ].sort();
}

/** The exact answer a request must get, where the contract fixes it. */
export interface Expected {
  status: number;
  code?: string;
  /** Keys that `fields` must have. */
  fields?: string[];
  /** The exact `Allow` of a 405. */
  allow?: string;
  /** Members the (2xx) body must have, with these values. */
  body?: Record<string, unknown>;
  /** A code the answer must not have (e.g. prototype keys that are data). */
  notCode?: string;
  /** Decided by the HTTP layer before any route or guard runs (body parser): holds whatever the credential. */
  beforeRouting?: true;
  why: string;
}

/** A generated request, and what is known about its answer. */
export interface Probe extends Outgoing {
  /** The fixture connection it targets (If-Match `current` reads its ETag at send time). */
  fixture?: number;
  expected?: Expected;
  /** An expectation that depends on the store: given the live configNames (lower-cased) of product `reports`. */
  expectedGiven?: (liveNames: ReadonlySet<string>) => Expected;
  /** With authentication on: the token (or its absence) and the header it travels in. */
  credential?: Credential;
  /** Values of the request that no answer may hold (`always`: a password), or no error (`inErrors`: a URI's values). */
  quiet?: { always: string[]; inErrors: string[] };
}

const excerpt = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** A short, readable description for fast-check's counterexample (bodies can be 200 KB). */
export function describeProbe(probe: Probe): string {
  const headers = probe.headers
    .map(([name, value]) => `${name}: ${excerpt(value, 80)}`)
    .join(' | ');
  const text = Buffer.isBuffer(probe.body)
    ? `<${probe.body.length} bytes> ${probe.body.toString('latin1')}`
    : probe.body;
  const body = text === undefined ? '' : ` body=${JSON.stringify(excerpt(text, 400))}`;
  const expected = probe.expected
    ? ` expected=${probe.expected.status} ${probe.expected.code} (${probe.expected.why})`
    : '';
  const credential = probe.credential ? ` credential=${probe.credential.why}` : '';
  return `${probe.method} ${excerpt(probe.path, 300)} [${headers}]${body}${expected}${credential}`;
}

/** Gives the probe its readable description in fast-check reports. */
export function probe(value: Probe): Probe {
  return Object.assign(value, { [fc.toStringMethod]: () => describeProbe(value) });
}

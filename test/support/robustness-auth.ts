import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Permission } from '../../src/auth/permission';
import { API_ROUTES } from './api-routes';
import { ContractViolation, describeAnswer } from './robustness-checks';
import { Answer } from './robustness-http';
import { Probe, RouteName, describeProbe, probe as described, routeOf } from './robustness-probe';
import { Header } from './robustness-targets';
import { decodable } from './decodable-path';

/** What the service must make of the credential a request carries (authentication on). */
export type Verdict =
  /** No bearer credential at all (none, another scheme, a token elsewhere): 401, challenge `Bearer`. */
  | { kind: 'missing' }
  /** A bearer credential it must refuse: 401 with `challenge`, or any `Bearer …` challenge when unset. */
  | { kind: 'refused'; challenge?: string }
  /** A token it must accept: the request speaks for `organization`, with these permissions. */
  | { kind: 'accepted'; organization: string; permissions: ReadonlySet<string> };

/** The credential dimension of a generated request. */
export interface Credential {
  /** Header lines sent first (the server reads the first `Authorization` line; Node drops the others). */
  lines: Header[];
  /** `name=value` appended to the query string. */
  query?: string;
  verdict: Verdict;
  /** A real token the request carries: it must never come back in an answer. */
  token?: string;
  why: string;
}

/** The permission each route of the suite needs (from the table the auth suite checks against the document); open routes have none. */
export const ROUTE_PERMISSION: ReadonlyMap<RouteName, Permission> = new Map(
  API_ROUTES.map((route) => {
    const [method, path] = route.operation.split(' ');
    const name = routeOf(String(method), String(path).replace('{id}', randomUUID()));
    if (name === undefined) throw new Error(`no robustness route for ${route.operation}`);
    return [name, route.permission] as const;
  }),
);

export const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';
const insufficientScope = (permission: Permission) =>
  `Bearer error="insufficient_scope", scope="${permission}"`;

/** The organization a credential speaks for, if the service accepts it at all. */
export const speaksFor = (credential: Credential): string | undefined =>
  credential.verdict.kind === 'accepted' ? credential.verdict.organization : undefined;

/**
 * Probes with a credential each: the credential's lines replace any `Authorization` the probe
 * had. `probes` may depend on the credential (targets chosen by whose token it is).
 */
export function withCredential(
  probes: fc.Arbitrary<Probe> | ((credential: Credential) => fc.Arbitrary<Probe>),
  credentials: fc.Arbitrary<Credential>,
): fc.Arbitrary<Probe> {
  const pairs =
    typeof probes === 'function'
      ? credentials.chain((credential) =>
          probes(credential).map((generated) => [generated, credential] as const),
        )
      : fc.tuple(probes, credentials);
  return pairs.map(([generated, credential]) => {
    const separator = generated.path.includes('?') ? '&' : '?';
    return described({
      ...generated,
      path: credential.query ? `${generated.path}${separator}${credential.query}` : generated.path,
      headers: [
        ...credential.lines,
        ...generated.headers.filter(([name]) => name.toLowerCase() !== 'authorization'),
      ],
      credential,
    });
  });
}

/**
 * The organization whose data the request may reach: the token's when it is accepted and grants
 * the route's permission (or the route is open); undefined when the service must refuse it first.
 * With authentication off every request is in `fallback` (the default organization).
 */
export function organizationOf(probe: Probe, fallback: string): string | undefined {
  const verdict = probe.credential?.verdict;
  if (verdict === undefined) return fallback;
  if (verdict.kind !== 'accepted') return undefined;
  const route = routeOf(probe.method, probe.path);
  const needed = route && ROUTE_PERMISSION.get(route);
  return needed === undefined || verdict.permissions.has(needed) ? verdict.organization : undefined;
}

/** Whether the request is refused by authentication (a protected route, a credential that does not get it in). */
export function refusedByAuth(probe: Probe): boolean {
  const route = routeOf(probe.method, probe.path);
  return (
    probe.credential !== undefined &&
    route !== undefined &&
    ROUTE_PERMISSION.has(route) &&
    organizationOf(probe, '') === undefined
  );
}

/**
 * Methods Node's http client sends with no body when none is given. Every other method, POST
 * included, goes out with `Content-Length: 0`: an empty body, which the body parser reads (and
 * refuses when the declared charset is one it cannot decode).
 */
const NO_IMPLICIT_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/**
 * Refusals of the HTTP layer before any route, guard included, runs (body parser, URL decoding):
 * 400 FET-0001 without `fields`, 413 FET-0415. Only a request with a body (an empty one too) or a
 * path that is not valid %-encoding can get one; it reveals nothing, so it may come before
 * authentication.
 */
function refusedBeforeRouting(probe: Probe, answer: Answer): boolean {
  const body = (answer.json ?? {}) as { code?: unknown; fields?: unknown };
  const early =
    (answer.status === 400 && body.code === 'FET-0001' && body.fields === undefined) ||
    (answer.status === 413 && body.code === 'FET-0415');
  const hasBody = probe.body !== undefined || !NO_IMPLICIT_BODY.has(probe.method);
  return early && (hasBody || !decodable(probe.path.split('?')[0]));
}

function fail(why: string, probe: Probe, answer: Answer): never {
  throw new ContractViolation(
    `${why}\n  request: ${describeProbe(probe)}\n  answer: ${describeAnswer(answer)}`,
  );
}

/**
 * The authentication invariants of one answer. With authentication off: never a 401 or 403. With
 * it on: every 401 carries a `Bearer` challenge; open and unknown routes never ask for a token; a
 * protected route answers a missing credential 401 `Bearer`, a refused one 401 `invalid_token`, an
 * accepted token without the route's permission 403 FET-0042 naming it (unless the HTTP layer
 * refused the request before any route), and never 401/403 to a token that grants the permission;
 * no answer holds the token it was sent.
 */
export function checkAuthorization(probe: Probe, answer: Answer, enabled: boolean): void {
  const challenge = answer.headers['www-authenticate'];
  if (!enabled) {
    if (answer.status === 401 || answer.status === 403)
      fail('a 401/403 with authentication off', probe, answer);
    return;
  }
  if (answer.status === 401 && !/^Bearer( |$)/.test(String(challenge)))
    fail('a 401 without a Bearer challenge', probe, answer);
  const token = probe.credential?.token;
  if (token !== undefined && JSON.stringify([answer.headers, answer.text]).includes(token))
    fail('the answer holds the token of the request', probe, answer);
  const route = routeOf(probe.method, probe.path);
  const needed = route && ROUTE_PERMISSION.get(route);
  const verdict = probe.credential?.verdict;
  if (needed === undefined || verdict === undefined) {
    if (answer.status === 401 || answer.status === 403)
      fail(`a ${answer.status} on an open or unknown route`, probe, answer);
    return;
  }
  if (verdict.kind === 'accepted' && verdict.permissions.has(needed)) {
    if (answer.status === 401 || answer.status === 403)
      fail(`a ${answer.status} to a token that grants ${needed}`, probe, answer);
    return;
  }
  if (refusedBeforeRouting(probe, answer)) return;
  const body = (answer.json ?? {}) as { code?: unknown };
  const code = probe.method === 'HEAD' ? undefined : body.code;
  const wanted =
    verdict.kind === 'accepted'
      ? { status: 403, code: 'FET-0042', challenge: insufficientScope(needed) }
      : {
          status: 401,
          code: 'FET-0041',
          challenge: verdict.kind === 'missing' ? 'Bearer' : verdict.challenge,
        };
  if (
    answer.status !== wanted.status ||
    (code !== undefined && code !== wanted.code) ||
    (wanted.challenge !== undefined && challenge !== wanted.challenge)
  ) {
    fail(
      `expected ${wanted.status} ${wanted.code} with WWW-Authenticate ${wanted.challenge ?? 'Bearer …'} (${probe.credential?.why})`,
      probe,
      answer,
    );
  }
}

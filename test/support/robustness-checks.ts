import { FET_ERROR_CATALOG } from '../../src/common/errors/fet-error-catalog';
import { FetErrorCode } from '../../src/common/errors/fet-error-code';
import { Answer } from './robustness-http';
import { Probe, RouteName, describeProbe, routeOf } from './robustness-probe';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CATALOG_STATUSES = new Set(
  Object.values(FET_ERROR_CATALOG).map((entry) => Number(entry.status)),
);
/** Where the contract allows a 5xx with the store up: a customer's database that cannot be read. */
const MAY_502: ReadonlySet<RouteName | undefined> = new Set<RouteName | undefined>([
  'schema',
  'validate',
]);

export class ContractViolation extends Error {}

/** Status, the headers that matter here, and the start of the body: for a violation's message. */
export function describeAnswer(answer: Answer): string {
  const headers = ['x-request-id', 'allow', 'www-authenticate', 'etag']
    .filter((name) => answer.headers[name] !== undefined)
    .map((name) => `${name}=${String(answer.headers[name])}`)
    .join(' ');
  return `${answer.status} (${headers}) ${answer.text.slice(0, 600)}`;
}

function fail(why: string, request: string, answer: Answer): never {
  throw new ContractViolation(`${why}\n  request: ${request}\n  answer: ${describeAnswer(answer)}`);
}

function headerValues(
  probe: { headers: ReadonlyArray<readonly [string, string]> },
  name: string,
): string[] {
  return probe.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
}

/** A request id on every answer: the client's when it is ≤128 safe characters, else one of the service's. */
export function checkRequestId(request: string, sent: string[], answer: Answer): void {
  const id = answer.headers['x-request-id'];
  if (typeof id !== 'string' || !SAFE_REQUEST_ID.test(id))
    fail('no usable X-Request-Id on the answer', request, answer);
  if (sent.length === 1 && SAFE_REQUEST_ID.test(sent[0]) && id !== sent[0]) {
    fail(`X-Request-Id ${sent[0]} was not honoured`, request, answer);
  }
}

/** `{ code, title, message, fields? }` (`errors` too on validate-schema's 422), as the catalogue says. */
export function checkFetBody(request: string, answer: Answer, route?: RouteName): void {
  const type = answer.headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('application/json'))
    fail('error answer is not JSON', request, answer);
  const body = answer.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    fail('error body is not an object', request, answer);
  const { code, title, message, fields, errors, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    fail(`error body has extra keys ${Object.keys(rest).join(', ')}`, request, answer);
  const entry = typeof code === 'string' ? FET_ERROR_CATALOG[code as FetErrorCode] : undefined;
  if (!entry) fail(`code ${String(code)} is not in the catalogue`, request, answer);
  if (Number(entry.status) !== answer.status)
    fail(`catalogue status of ${String(code)} is ${entry.status}`, request, answer);
  if (title !== entry.title || message !== entry.message)
    fail('title or message differs from the catalogue', request, answer);
  if (fields !== undefined) {
    const values =
      typeof fields === 'object' && fields !== null && !Array.isArray(fields)
        ? Object.values(fields)
        : [];
    if (values.length === 0 || values.some((why) => typeof why !== 'string'))
      fail('fields is not a non-empty map of strings', request, answer);
  }
  const mayHaveErrors = route === 'validate' && answer.status === 422;
  if (errors !== undefined && !(mayHaveErrors && Array.isArray(errors)))
    fail('unexpected errors member', request, answer);
  if (mayHaveErrors && !Array.isArray(errors))
    fail('a 422 of validate-schema lists its errors', request, answer);
  if (answer.status === 405 && !answer.headers.allow) fail('a 405 without Allow', request, answer);
  if (answer.status === 429 && !/^\d+$/.test(String(answer.headers['retry-after'])))
    fail('a 429 without Retry-After', request, answer);
}

/** Every invariant of one answer to a generated request, and its exact outcome when the contract fixes it. */
export function checkAnswer(probe: Probe, answer: Answer): void {
  const request = describeProbe(probe);
  const route = routeOf(probe.method, probe.path);
  if (answer.status >= 500 && !(answer.status === 502 && MAY_502.has(route)))
    fail(`a ${answer.status} on route ${route ?? '(none)'}`, request, answer);
  checkRequestId(request, headerValues(probe, 'x-request-id'), answer);
  if (answer.status >= 400) {
    if (probe.method === 'HEAD') {
      if (!CATALOG_STATUSES.has(answer.status))
        fail('a HEAD answered with a status of no catalogue code', request, answer);
    } else {
      checkFetBody(request, answer, route);
    }
  }
  for (const value of probe.quiet?.always ?? []) {
    if (answer.text.includes(value))
      fail('the answer holds a secret of the request', request, answer);
  }
  for (const value of answer.status >= 400 ? (probe.quiet?.inErrors ?? []) : []) {
    if (answer.text.includes(value)) fail('the error holds a value of the URI', request, answer);
  }
  if ((route === 'test' || route === 'testUnsaved') && answer.status === 200) {
    const status = (answer.json as { status?: unknown } | undefined)?.status;
    if (status !== 'success' && status !== 'failure')
      fail('a test answer without its status', request, answer);
  }
  const expected = probe.expected;
  if (!expected) return;
  const body = (answer.json ?? {}) as Record<string, unknown> & {
    fields?: Record<string, unknown>;
  };
  if (expected.notCode !== undefined) {
    if (body.code === expected.notCode)
      fail(`must not be ${expected.notCode}: ${expected.why}`, request, answer);
    return;
  }
  if (
    answer.status !== expected.status ||
    (expected.code !== undefined && body.code !== expected.code)
  ) {
    fail(`expected ${expected.status} ${expected.code ?? ''}: ${expected.why}`, request, answer);
  }
  const missing = (expected.fields ?? []).filter(
    (key) => !(body.fields && Object.hasOwn(body.fields, key)),
  );
  if (missing.length > 0)
    fail(`fields must name ${missing.join(', ')}: ${expected.why}`, request, answer);
  if (expected.allow !== undefined && answer.headers.allow !== expected.allow)
    fail(`Allow must be ${expected.allow}`, request, answer);
  for (const [key, value] of Object.entries(expected.body ?? {})) {
    if (body[key] !== value)
      fail(`${key} must be ${JSON.stringify(value)}: ${expected.why}`, request, answer);
  }
}

import fc from 'fast-check';
import { hostValue, oddString } from './robustness-arbitraries';
import { cloneBody, createBody, patchBody, unsavedTestBody, validateBody } from './robustness-bodies';
import { jsonText } from './robustness-json';
import { BASE, Probe, methodsOf, probe } from './robustness-probe';
import {
  Header,
  World,
  deleteTarget,
  headerSet,
  idTarget,
  jsonType,
  oddContentType,
  pct,
  routeTarget,
} from './robustness-targets';
import { decodable } from './decodable-path';

/** Near-valid create, patch, validate-schema, clone and test-before-saving bodies with header variants. */
export function bodyProbe(world: World): fc.Arbitrary<Probe> {
  const typed = (headers: Header[], type: string) => [...headers, ['Content-Type', type] as const];
  const contentType = fc.oneof({ weight: 9, arbitrary: jsonType }, oddContentType);
  return fc.oneof(
    fc
      .tuple(createBody(world), headerSet(false, true), contentType)
      .map(([body, headers, type]) =>
        probe({ method: 'POST', path: BASE, headers: typed(headers, type), body: jsonText(body) }),
      ),
    fc
      .tuple(idTarget(world), patchBody(world), headerSet(true, true), contentType)
      .map(([target, body, headers, type]) =>
        probe({
          method: 'PATCH',
          path: `${BASE}/${target.segment}`,
          headers: typed(headers, type),
          body: jsonText(body),
          fixture: target.fixture,
        }),
      ),
    fc
      .tuple(validateBody(world), headerSet(false, true), contentType)
      .map(([body, headers, type]) =>
        probe({
          method: 'POST',
          path: `${BASE}/validate-schema`,
          headers: typed(headers, type),
          body: jsonText(body),
        }),
      ),
    fc
      .tuple(idTarget(world), cloneBody(world), headerSet(false, true), contentType)
      .map(([target, body, headers, type]) =>
        probe({
          method: 'POST',
          path: `${BASE}/${target.segment}/clone`,
          headers: typed(headers, type),
          body: jsonText(body),
          fixture: target.fixture,
        }),
      ),
    // Hosts are loopback or `.invalid` only: a body that passes dials nothing outside 127.0.0.0/8.
    fc
      .tuple(unsavedTestBody(world), headerSet(false, true), contentType)
      .map(([body, headers, type]) =>
        probe({
          method: 'POST',
          path: `${BASE}/test`,
          headers: typed(headers, type),
          body: jsonText(body),
          // The password is used for the dial and comes back in no answer (a one-letter one would match any text).
          quiet: {
            always: typeof body.password === 'string' && body.password.length >= 8 ? [body.password] : [],
            inErrors: [],
          },
        }),
      ),
  );
}

/**
 * Every route with every header variant (and a small valid-looking body where the route takes one;
 * to clone, mostly a valid one, so that the headers decide).
 */
export function headerProbe(world: World): fc.Arbitrary<Probe> {
  return fc
    .tuple(
      routeTarget(world),
      headerSet(true),
      fc.option(fc.oneof(jsonType, oddContentType)),
      fc.constantFrom(
        '{}',
        '{"port":1,"password":"N3w-pa55word!"}',
        '{"mappedFields":{"x":{"t":["a"]}}}',
      ),
      fc.oneof(
        { weight: 3, arbitrary: fc.stringMatching(/^rb-h[a-z0-9]{10}$/) },
        fc.constantFrom(...world.takenNames),
      ),
    )
    .map(([route, headers, type, body, configName]) =>
      probe({
        method: route.method,
        path: route.path,
        headers: type === null ? headers : [...headers, ['Content-Type', type] as const],
        body: !route.takesBody
          ? undefined
          : route.path.endsWith('/clone')
            ? JSON.stringify({ configName })
            : body,
        fixture: route.fixture,
      }),
    );
}

const QUERY_KEYS = [
  'page',
  'limit',
  'sortBy',
  'sortOrder',
  'type',
  'host',
  'databaseName',
  'configName',
  'startDate',
  'endDate',
  'schema',
  'tables',
];
const queryValue = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '1e3',
    '100',
    '101',
    '99999999999',
    '1.5',
    ' 2 ',
    'asc',
    'DESC',
    'up',
    'createdAt',
    'configName',
    '__proto__',
    'password',
    'toString',
  ),
  fc.constantFrom(
    '2024-02-29',
    '2024-02-30',
    '2024-13-01',
    '0000-00-00',
    '2024-1-1',
    '+02024-01-01',
    '2099-12-31',
    '1970-01-01',
  ),
  fc.constantFrom('POSTGRESQL', 'postgresql', 'MARIADB', 'public', 'public,dbo', ',', 'a*', '*'),
  hostValue,
  oddString.map((text) => text.slice(0, 500)),
);
const queryPair = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(fc.constantFrom(...QUERY_KEYS), queryValue)
      .map(([key, value]) => `${key}=${pct(value)}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.stringMatching(/^[a-z]{1,8}$/), queryValue)
      .map(([key, value]) => `metadata.${key}=${pct(value)}`),
  },
  fc.tuple(oddString, queryValue).map(([key, value]) => `${pct(key.slice(0, 100))}=${pct(value)}`),
  fc.constantFrom(
    '__proto__[polluted]=1',
    'constructor[prototype][polluted]=1',
    '__proto__.polluted=1',
    'metadata[__proto__][polluted]=1',
    'metadata.__proto__=x',
    'metadata.constructor=x',
    'metadata.=x',
    'page[]=1',
    'limit[a]=1',
    'sortBy',
    '=',
    '&&',
    'a=%zz',
  ),
);

/** Query strings on the list routes mostly, and on every other route too. */
export function queryProbe(world: World): fc.Arbitrary<Probe> {
  const listPath = fc.constantFrom(BASE, BASE, `${BASE}/unassigned`);
  const anyRoute = routeTarget(world).filter((route) => route.method === 'GET');
  return fc
    .tuple(
      fc.oneof(
        {
          weight: 3,
          arbitrary: listPath.map((path) => ({ path, fixture: undefined as number | undefined })),
        },
        anyRoute,
      ),
      fc.array(queryPair, { minLength: 1, maxLength: 4 }),
      headerSet(false, true),
    )
    .map(([route, pairs, headers]) =>
      probe({
        method: 'GET',
        path: `${route.path}?${pairs.join('&')}`,
        headers,
        fixture: route.fixture,
      }),
    );
}

const WRONG_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'PROPFIND'];
const unknownPath = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '/nope',
        '/v2/management/connections',
        '/v1/management',
        '/v1/management/connections-x',
        '/health',
        '/health/x',
        '/api',
      ),
      fc.array(fc.stringMatching(/^[a-z0-9-]{1,10}$/), { maxLength: 3 }),
    )
    .map(([head, tail]) => [head, ...tail].join('/')),
  fc
    .tuple(
      fc.uuid(),
      fc
        .stringMatching(/^[a-z-]{1,12}$/)
        .filter((action) => !/^(assign|clone|test|schema|history)$/i.test(action)),
    )
    .map(([id, action]) => `${BASE}/${id}/${action}`),
  fc.uuid().map((id) => `${BASE}/${id}/test/again`),
  fc.constant(`//${BASE.slice(1)}`),
);

/** Known paths with methods they do not have (405), unknown paths (404), and HEAD/OPTIONS anywhere. */
export function methodProbe(world: World): fc.Arbitrary<Probe> {
  // Ids of disposable fixtures or of nobody: an allowed DELETE here removes nothing that must stay.
  const known = fc.oneof(
    fc.constantFrom(
      BASE,
      `${BASE}/`,
      `${BASE}/unassigned`,
      `${BASE}/validate-schema`,
      `${BASE}/import`,
      `${BASE}/test`,
      '/health/live',
      '/health/ready',
      '/metrics',
    ),
    fc
      .tuple(
        deleteTarget(world),
        fc.constantFrom('', '/', '/assign', '/clone', '/test', '/schema', '/history'),
      )
      .map(([target, suffix]) => `${BASE}/${target.segment}${suffix}`),
  );
  return fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: known }, unknownPath),
      fc.constantFrom(...WRONG_METHODS, 'HEAD', 'OPTIONS'),
      headerSet(false),
      fc.boolean(),
    )
    .map(([path, method, headers, withBody]) => {
      const allowed = methodsOf(path);
      const body = withBody && method !== 'HEAD' ? '{}' : undefined;
      const all =
        body === undefined ? headers : [...headers, ['Content-Type', 'application/json'] as const];
      // A path that is not valid %-encoding is a malformed request (400) before it is a route.
      if (method === 'HEAD' || method === 'OPTIONS' || path.startsWith('//') || !decodable(path))
        return probe({ method, path, headers: all, body });
      if (allowed.length === 0) {
        return probe({
          method,
          path,
          headers: all,
          body,
          expected: { status: 404, code: 'FET-0005', why: 'an unknown route' },
        });
      }
      if (allowed.includes(method)) return probe({ method, path, headers: all, body });
      return probe({
        method,
        path,
        headers: all,
        body,
        expected: {
          status: 405,
          code: 'FET-0006',
          allow: allowed.join(', '),
          why: 'a known path asked with a method it does not have',
        },
      });
    });
}

import fc from 'fast-check';
import { oddString, productHeader, requestIdHeader } from './robustness-arbitraries';
import { BodyWorld } from './robustness-bodies';
import { BASE } from './robustness-probe';

export interface Fixture {
  id: string;
  configName: string;
  product: string | null;
  /** Generated DELETEs may remove it (the others stay for every later request). */
  disposable?: boolean;
  /** Whose it is (with authentication off, everything is in the default organization). */
  organization: string;
}

/** The connections the suite created, and what bodies may refer to. */
export interface World extends BodyWorld {
  fixtures: Fixture[];
}

export type Header = readonly [string, string];
/** Replaced at send time by the current ETag of the probe's fixture. */
export const CURRENT_ETAG = '<current-etag>';

/** Percent-encodes every byte but the unreserved ones (lone surrogates included, as U+FFFD). */
export function pct(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

export interface Target {
  segment: string;
  fixture?: number;
}

/** An `{id}`: a fixture (as stored or upper-cased), a UUID nobody has, or garbage (some of it not even valid %-encoding). */
export function idTarget(world: World): fc.Arbitrary<Target> {
  const fixture = fc.nat({ max: world.fixtures.length - 1 });
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fixture.map((index) => ({ segment: world.fixtures[index].id, fixture: index })),
    },
    fixture.map((index) => ({ segment: world.fixtures[index].id.toUpperCase(), fixture: index })),
    { weight: 2, arbitrary: fc.uuid().map((segment) => ({ segment })) },
    oddString.map((text) => ({ segment: pct(text.slice(0, 3000)) || 'x' })),
    fc
      .constantFrom(
        'x',
        'null',
        '00000000-0000-0000-0000-000000000000',
        '%zz',
        '%',
        '%E0%A4%A',
        '..',
        '%2e%2e',
        '%2F',
        'unassigned',
        'validate-schema',
        'test',
        'a'.repeat(2000),
      )
      .map((segment) => ({ segment })),
    fixture.map((index) => ({ segment: `{${world.fixtures[index].id}}` })),
    fixture.map((index) => ({ segment: `${world.fixtures[index].id}x` })),
  );
}

/** DELETE removes only disposable fixtures; other ids are UUIDs nobody has, or garbage. */
export function deleteTarget(world: World): fc.Arbitrary<Target> {
  const disposable = world.fixtures.flatMap((fixture, index) =>
    fixture.disposable ? [index] : [],
  );
  return fc.oneof(
    fc
      .constantFrom(...disposable)
      .map((index) => ({ segment: world.fixtures[index].id, fixture: index })),
    idTarget(world).filter(
      (target) =>
        target.fixture === undefined || world.fixtures[target.fixture].disposable === true,
    ),
  );
}

const lines = (name: string, value: string | string[] | undefined): Header[] =>
  value === undefined
    ? []
    : (Array.isArray(value) ? value : [value]).map((item) => [name, item] as const);

export const jsonType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON',
);
export const oddContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  'application/xml',
  '',
  '*/*',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/json, text/plain',
);
export const ifMatch = fc.constantFrom(
  CURRENT_ETAG,
  CURRENT_ETAG,
  '"0"',
  '*',
  'W/"1"',
  '',
  'garbage',
  '"a", "b"',
  `"${'9'.repeat(40)}"`,
);
const extraHeader = fc.constantFrom<Header>(
  ['Accept', 'application/xml'],
  ['Accept-Encoding', 'gzip, br'],
  ['Authorization', 'Bearer not-a-token'],
  ['X-Forwarded-For', '127.0.0.1'],
  ['Origin', 'http://web.invalid'],
  ['Cookie', 'session=abc'],
  ['Range', 'bytes=0-1'],
  ['If-None-Match', '*'],
  ['X-HTTP-Method-Override', 'DELETE'],
  ['Accept-Language', 'é'],
);

/** X-Product-Name, X-Request-Id, If-Match (when asked for) and a few other headers, in every variant. */
export function headerSet(withIfMatch: boolean, mostlyValid = false): fc.Arbitrary<Header[]> {
  const product = mostlyValid
    ? fc.oneof({ weight: 10, arbitrary: fc.constant('reports') }, productHeader)
    : productHeader;
  return fc
    .tuple(
      product,
      requestIdHeader,
      withIfMatch ? fc.option(ifMatch, { freq: 2 }) : fc.constant(null),
      fc.array(extraHeader, { maxLength: mostlyValid ? 1 : 2 }),
    )
    .map(([product, id, match, extra]) => [
      ...lines('X-Product-Name', product),
      ...lines('X-Request-Id', id),
      ...lines('If-Match', match ?? undefined),
      ...extra,
    ]);
}

export const cleanHeaders = (contentType: string): Header[] => [
  ['X-Product-Name', 'reports'],
  ['Content-Type', contentType],
];

/** A known route with its own method, a target id where it has one. */
export function routeTarget(
  world: World,
): fc.Arbitrary<{ method: string; path: string; fixture?: number; takesBody: boolean }> {
  const byId = (method: string, suffix: string, takesBody = false) =>
    idTarget(world).map((target) => ({
      method,
      path: `${BASE}/${target.segment}${suffix}`,
      fixture: target.fixture,
      takesBody,
    }));
  return fc.oneof(
    fc.constant({ method: 'POST', path: BASE, takesBody: true }),
    fc.constant({ method: 'POST', path: `${BASE}/import`, takesBody: true }),
    fc.constant({ method: 'GET', path: BASE, takesBody: false }),
    fc.constant({ method: 'GET', path: `${BASE}/unassigned`, takesBody: false }),
    fc.constant({ method: 'POST', path: `${BASE}/validate-schema`, takesBody: true }),
    fc.constant({ method: 'POST', path: `${BASE}/test`, takesBody: true }),
    byId('GET', ''),
    byId('PATCH', '', true),
    deleteTarget(world).map((target) => ({
      method: 'DELETE',
      path: `${BASE}/${target.segment}`,
      fixture: target.fixture,
      takesBody: false,
    })),
    byId('POST', '/assign'),
    byId('POST', '/clone', true),
    byId('POST', '/test'),
    byId('GET', '/schema'),
    byId('GET', '/history'),
    fc
      .constantFrom('/health/live', '/health/ready', '/metrics')
      .map((path) => ({ method: 'GET', path, takesBody: false })),
  );
}

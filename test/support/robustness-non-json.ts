import fc from 'fast-check';
import { BASE, Expected, Probe, probe } from './robustness-probe';
import {
  Header,
  World,
  headerSet,
  jsonType,
  oddContentType,
  routeTarget,
} from './robustness-targets';

/** Texts no JSON parser accepts (as a whole). */
const MALFORMED = [
  '{',
  '{bad',
  '{"a":1,}',
  "{'a':1}",
  '{"port":NaN}',
  '{"port":01}',
  '{"a":1}{"b":2}',
  '{"configName":"x"',
  'NaN',
  '-',
  '[',
  'a=1&b=2',
  '<connection/>',
  '{"a":"\u0001"}',
];
/** JSON, but not an object (a body must be one). */
const NOT_AN_OBJECT = ['[]', '[1,2]', '"s"', '1', 'null', 'true', '[{"configName":"x"}]'];
/** Odd but well-formed: empty, BOM, escapes, duplicate keys, an exponent that overflows. */
const ODD = [
  '',
  ' ',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"port":1e999999}',
  '{"port":1,"port":"x"}',
  '{"__proto__":{"polluted":1},"__proto__":null}',
];

const bodyText: fc.Arbitrary<{ body: string | Buffer; malformed?: true; tooLarge?: true }> =
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...MALFORMED).map((body) => ({ body, malformed: true as const })),
    },
    { weight: 2, arbitrary: fc.constantFrom(...NOT_AN_OBJECT, ...ODD).map((body) => ({ body })) },
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => ({ body: Buffer.from(bytes) })),
    fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ body })),
    fc
      .integer({ min: 1_048_600, max: 1_200_000 })
      .map((size) => ({ body: `{"password":"${'x'.repeat(size)}"}`, tooLarge: true as const })),
  );
const contentEncoding = fc.constantFrom(
  'gzip',
  'deflate',
  'br',
  'identity',
  'x-unknown',
  'gzip, gzip',
);

/**
 * Non-JSON, non-object, empty and oversized bodies, under every content type and encoding, to
 * every route. Where a route takes a body, sent as `application/json` with no encoding and
 * nothing else wrong, malformed JSON is 400 FET-0001 and a body over 1 MiB is 413 FET-0415.
 */
export function nonJsonProbe(world: World): fc.Arbitrary<Probe> {
  const takesBody = routeTarget(world).filter((route) => route.takesBody);
  return fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: takesBody }, routeTarget(world)),
      bodyText,
      fc.oneof(
        { weight: 4, arbitrary: jsonType.map((type) => type as string | null) },
        oddContentType,
        fc.constant(null),
      ),
      fc.option(contentEncoding, { freq: 5 }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<Header[]>([['X-Product-Name', 'reports']]) },
        headerSet(true),
      ),
    )
    .map(([route, text, type, encoding, headers]) => {
      const all: Header[] = [...headers];
      if (type !== null) all.push(['Content-Type', type]);
      if (encoding !== null) all.push(['Content-Encoding', encoding]);
      const clean =
        route.takesBody &&
        type === 'application/json' &&
        encoding === null &&
        headers.length === 1 &&
        ((route.method === 'POST' && !route.path.endsWith('/clone')) ||
          /^[0-9a-f-]{36}(\/clone)?$/.test(route.path.slice(BASE.length + 1)));
      let expected: Expected | undefined;
      if (clean && text.malformed)
        expected = { status: 400, code: 'FET-0001', beforeRouting: true, why: 'malformed JSON' };
      if (clean && text.tooLarge)
        expected = { status: 413, code: 'FET-0415', beforeRouting: true, why: 'a body over 1 MiB' };
      return probe({
        method: route.method,
        path: route.path,
        headers: all,
        body: text.body,
        fixture: route.fixture,
        expected,
      });
    });
}

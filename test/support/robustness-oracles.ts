import fc from 'fast-check';
import { PROTOTYPE_KEYS, requestIdHeader } from './robustness-arbitraries';
import { validCreate } from './robustness-bodies';
import { IMPORT_PATH, validImport } from './robustness-import';
import {
  Json,
  JsonObject,
  isJsonObject,
  jsonText,
  nestedText,
  objectOf,
  withKey,
} from './robustness-json';
import { BASE, Expected, Probe, probe } from './robustness-probe';
import { Header, World, cleanHeaders } from './robustness-targets';

/** Replaced at send time by a configName nobody has (generated names repeat on purpose). */
export const UNIQUE_NAME = 'rb-unique-name';

const protoKey = fc.constantFrom(...PROTOTYPE_KEYS);
const protoValue = fc.constantFrom<Json>(
  objectOf([['polluted', 'yes']]),
  null,
  [],
  ['polluted'],
  'polluted',
  1,
  objectOf([['prototype', objectOf([['polluted', 'yes']])]]),
);

/** Ids of fixtures a PATCH may change (live, of product `reports`), or UUIDs nobody has. */
function patchTarget(world: World): fc.Arbitrary<{ segment: string; fixture?: number }> {
  const steady = world.fixtures.flatMap((fixture, index) =>
    fixture.product === 'reports' && !fixture.disposable ? [index] : [],
  );
  return fc.oneof(
    fc
      .constantFrom(...steady)
      .map((index) => ({ segment: world.fixtures[index].id, fixture: index })),
    fc.uuid().map((segment) => ({ segment })),
  );
}

interface BodyTarget {
  method: string;
  path: string;
  value: JsonObject;
  fixture: number | undefined;
}

/** A create, an import or a test before saving with a valid body, or a PATCH of a fixture (or an unknown id) with `patchBody`. */
function createOrPatch(world: World, patchBody: fc.Arbitrary<JsonObject>): fc.Arbitrary<BodyTarget> {
  return fc.oneof(
    validCreate(world).map((value): BodyTarget => ({ method: 'POST', path: BASE, value, fixture: undefined })),
    validImport().map((value): BodyTarget => ({ method: 'POST', path: IMPORT_PATH, value, fixture: undefined })),
    validCreate(world).map((value): BodyTarget => ({ method: 'POST', path: `${BASE}/test`, value, fixture: undefined })),
    fc.tuple(patchTarget(world), patchBody).map(
      ([target, value]): BodyTarget => ({ method: 'PATCH', path: `${BASE}/${target.segment}`, value, fixture: target.fixture }),
    ),
  );
}

/** A clone of a fixture (or of an unknown id), with a name nobody has. */
function cloneTarget(world: World): fc.Arbitrary<BodyTarget> {
  return patchTarget(world).map((target): BodyTarget => ({
    method: 'POST',
    path: `${BASE}/${target.segment}/clone`,
    value: objectOf([['configName', UNIQUE_NAME]]),
    fixture: target.fixture,
  }));
}

const headersWith = (type = 'application/json') =>
  requestIdHeader.map((id): Header[] => [
    ...cleanHeaders(type),
    ...(id === undefined
      ? []
      : (Array.isArray(id) ? id : [id]).map((item) => ['X-Request-Id', item] as const)),
  ]);

/** `key` first or last among the entries of `object`. */
const place = (object: JsonObject, key: string, value: Json, first: boolean) =>
  first
    ? objectOf([[key, value], ...Object.entries(object).filter(([name]) => name !== key)])
    : withKey(object, key, value);

/**
 * `__proto__`, `constructor` and `prototype` where the contract names the fields (top level,
 * `ssl`) → 400 FET-0400 naming them; as `metadata` keys → 400 FET-0400; in validate-schema's
 * mappedFields they are data: FET-1062 when no connection has such a name, never FET-0400.
 */
export function protoProbe(world: World): fc.Arbitrary<Probe> {
  const where = fc.constantFrom('top', 'ssl', 'metadata');
  const patchBase = validCreate(world).chain((body) =>
    fc.subarray(Object.entries(body), { maxLength: 3 }).map(objectOf),
  );
  const body = createOrPatch(world, patchBase);
  const contract = fc
    .tuple(body, where, protoKey, protoValue, fc.boolean(), headersWith())
    .map(([request, at, key, value, first, headers]) => {
      let json: JsonObject;
      let expected: Expected;
      if (at === 'top') {
        json = place(request.value, key, value, first);
        expected = {
          status: 400,
          code: 'FET-0400',
          fields: [key],
          why: `${key} at the top level is an unexpected field`,
        };
      } else {
        const current = request.value[at];
        const inner = isJsonObject(current)
          ? current
          : at === 'ssl'
            ? objectOf([['mode', 'require']])
            : objectOf([]);
        json = withKey(request.value, at, place(inner, key, value, first));
        expected =
          at === 'ssl'
            ? {
                status: 400,
                code: 'FET-0400',
                fields: [`ssl.${key}`],
                why: `${key} in ssl is an unexpected field`,
              }
            : { status: 400, code: 'FET-0400', why: `${key} is refused as a metadata key` };
      }
      return probe({
        method: request.method,
        path: request.path,
        headers,
        body: jsonText(json),
        fixture: request.fixture,
        expected,
      });
    });
  const cloneTop = fc
    .tuple(cloneTarget(world), protoKey, protoValue, fc.boolean(), headersWith())
    .map(([request, key, value, first, headers]) =>
      probe({
        method: request.method,
        path: request.path,
        headers,
        body: jsonText(place(request.value, key, value, first)),
        fixture: request.fixture,
        expected: {
          status: 400,
          code: 'FET-0400',
          fields: [key],
          why: `${key} next to a clone's configName is an unexpected field`,
        },
      }),
    );
  const validateTop = fc
    .tuple(protoKey, protoValue, fc.boolean(), headersWith())
    .map(([key, value, first, headers]) =>
      probe({
        method: 'POST',
        path: `${BASE}/validate-schema`,
        headers,
        body: jsonText(
          place(
            objectOf([['mappedFields', objectOf([['x', objectOf([['t', ['f']]])]])]]),
            key,
            value,
            first,
          ),
        ),
        expected: {
          status: 400,
          code: 'FET-0400',
          fields: [key],
          why: `${key} next to mappedFields is an unexpected field`,
        },
      }),
    );
  const nobody = fc.constantFrom('__proto__', 'prototype');
  const tables = fc.array(
    fc.tuple(
      fc.oneof(protoKey, fc.constant('t')),
      fc.array(fc.oneof(protoKey, fc.constant('f')), { minLength: 1, maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 3 },
  );
  const validateData = fc
    .tuple(
      fc.uniqueArray(fc.oneof(nobody, fc.constant('constructor')), { minLength: 1, maxLength: 3 }),
      tables,
      headersWith(),
    )
    .map(([sources, tableList, headers]) => {
      const mapped = objectOf(sources.map((source) => [source, objectOf(tableList)] as const));
      // A fixture is named `constructor` (a valid configName), unless a generated PATCH renamed it.
      const expectedGiven = (live: ReadonlySet<string>): Expected =>
        sources.some((source) => live.has(source))
          ? {
              status: 0,
              notCode: 'FET-1062',
              why: 'a connection is named constructor: validate-schema must find it',
            }
          : {
              status: 400,
              code: 'FET-1062',
              why: 'prototype names in mappedFields are data, and no connection has them',
            };
      return probe({
        method: 'POST',
        path: `${BASE}/validate-schema`,
        headers,
        body: jsonText(objectOf([['mappedFields', mapped]])),
        expectedGiven,
      });
    });
  return fc.oneof({ weight: 4, arbitrary: contract }, cloneTop, validateTop, {
    weight: 2,
    arbitrary: validateData,
  });
}

/** Bodies nested 40 to 100,000 levels (built as strings): 400 FET-0001 with fields.body, on every route that takes a body. */
export function deepProbe(world: World): fc.Arbitrary<Probe> {
  const depth = fc.oneof(
    fc.integer({ min: 40, max: 2000 }),
    fc.constantFrom(100_000, 99_999, 50_000, 10_000),
  );
  const kind = fc.constantFrom<'object' | 'array'>('object', 'array');
  const target = fc.oneof(
    createOrPatch(
      world,
      validCreate(world).map((value) => objectOf(Object.entries(value).slice(3, 5))),
    ),
    cloneTarget(world),
    fc.constant<BodyTarget>({
      method: 'POST',
      path: `${BASE}/validate-schema`,
      value: objectOf([['mappedFields', objectOf([['x', objectOf([['t', ['f']]])]])]]),
      fixture: undefined,
    }),
  );
  const where = fc.constantFrom('top', 'metadata', 'ssl', 'mappedFields', 'extra', 'port');
  return fc
    .tuple(target, depth, kind, where, headersWith())
    .map(([request, levels, shape, at, headers]) => {
      const nested = nestedText(shape, levels);
      const text =
        at === 'top'
          ? nested
          : jsonText(withKey(request.value, at, null)).replace(/null\}$/, `${nested}}`);
      return probe({
        method: request.method,
        path: request.path,
        headers,
        body: text,
        fixture: request.fixture,
        expected: {
          status: 400,
          code: 'FET-0001',
          fields: ['body'],
          why: `a body nested ${levels} levels (${shape}s, at ${at}) is refused before any field rule`,
        },
      });
    });
}

/** `[::1]` is accepted as a host on create and PATCH, and stored as `::1`. */
export function bracketProbe(world: World): fc.Arbitrary<Probe> {
  const host = fc.constantFrom('[::1]', ' [::1] ');
  const create = fc.tuple(validCreate(world), host, headersWith()).map(([body, value, headers]) =>
    probe({
      method: 'POST',
      path: BASE,
      headers,
      body: jsonText(withKey(withKey(body, 'configName', UNIQUE_NAME), 'host', value)),
      expected: {
        status: 201,
        body: { host: '::1' },
        why: 'a bracketed IPv6 host is stored without brackets',
      },
    }),
  );
  const steady = world.fixtures.flatMap((fixture, index) =>
    fixture.product === 'reports' && !fixture.disposable ? [index] : [],
  );
  const patch = fc
    .tuple(fc.constantFrom(...steady), host, headersWith())
    .map(([index, value, headers]) =>
      probe({
        method: 'PATCH',
        path: `${BASE}/${world.fixtures[index].id}`,
        headers,
        body: jsonText(
          objectOf([
            ['host', value],
            ['password', 'N3w-pa55word!'],
          ]),
        ),
        fixture: index,
        expected: {
          status: 200,
          body: { host: '::1' },
          why: 'a bracketed IPv6 host is stored without brackets',
        },
      }),
    );
  return fc.oneof(create, patch);
}

/** Longer than any label the generators make (22 characters at most): no other request names it. */
const GUARD_HOST = 'moved-by-the-credential-guard-probe.invalid';

/**
 * The credential guard (spec §3.4): a PATCH that moves a steady fixture to a host no other
 * request ever names, without a password, → 400 FET-0402 naming `password`, whatever harmless
 * fields come with it (and the store check sees nothing change).
 */
export function guardProbe(world: World): fc.Arbitrary<Probe> {
  const steady = world.fixtures.flatMap((fixture, index) =>
    fixture.product === 'reports' && !fixture.disposable ? [index] : [],
  );
  const move = fc.constantFrom<Array<readonly [string, Json]>>(
    [['host', GUARD_HOST]],
    [['host', ` ${GUARD_HOST.toUpperCase()} `]],
    [
      ['host', GUARD_HOST],
      ['port', world.closedPort],
    ],
  );
  const harmless = fc.subarray<readonly [string, Json]>([
    ['databaseName', 'moved'],
    ['userName', 'mover'],
    ['schema', null],
    ['metadata', objectOf([['team', 'moved']])],
    ['configName', UNIQUE_NAME],
  ]);
  return fc
    .tuple(fc.constantFrom(...steady), move, harmless, headersWith())
    .map(([index, moved, others, headers]) =>
      probe({
        method: 'PATCH',
        path: `${BASE}/${world.fixtures[index].id}`,
        headers,
        body: jsonText(objectOf([...others, ...moved])),
        fixture: index,
        expected: {
          status: 400,
          code: 'FET-0402',
          fields: ['password'],
          why: 'moving a connection without its password is refused (credential guard)',
        },
      }),
    );
}

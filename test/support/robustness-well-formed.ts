import fc from 'fast-check';
import { requestIdHeader } from './robustness-arbitraries';
import { validCreate } from './robustness-bodies';
import { IMPORT_PATH, validImport } from './robustness-import';
import { jsonText, objectOf, withKey } from './robustness-json';
import { UNIQUE_NAME } from './robustness-oracles';
import { BASE, Expected, Probe, probe } from './robustness-probe';
import { CURRENT_ETAG, Header, World, routeTarget } from './robustness-targets';

/** Small PATCH bodies the contract accepts (one that moves the port carries the password: spec §3.4). */
const PATCHES = [
  '{"metadata":{"touched":"yes"}}',
  '{"port":6432,"password":"N3w-pa55word!"}',
  '{"host":"patched.invalid","password":"N3w-pa55word!"}',
  '{"schema":null}',
];

/** Every by-id route, on a connection the caller must not reach: steady ones included, even for DELETE. */
function foreignTarget(
  world: World,
  speaksFor: string | undefined,
): fc.Arbitrary<{ method: string; path: string; fixture?: number; takesBody: boolean }> {
  const foreign = world.fixtures.flatMap((fixture, index) =>
    fixture.organization === speaksFor ? [] : [index],
  );
  return fc
    .tuple(
      fc.constantFrom(...foreign),
      fc.constantFrom(
        ['DELETE', ''],
        ['POST', '/assign'],
        ['POST', '/clone'],
        ['PATCH', ''],
        ['GET', ''],
        ['POST', '/test'],
        ['GET', '/schema'],
        ['GET', '/history'],
      ),
    )
    .map(([index, [method, suffix]]) => ({
      method,
      path: `${BASE}/${world.fixtures[index].id}${suffix}`,
      fixture: index,
      takesBody: method === 'PATCH' || suffix === '/clone',
    }));
}

/**
 * Well-formed requests to every route (a valid body where it takes one, the target's own product,
 * sometimes its current ETag), on the connections of every organization of the world: requests
 * that get past validation, so that what decides their answer is the credential and whose
 * connection they name. A quarter aim at connections `speaksFor` (the organization of the
 * request's token; undefined for a token the service refuses) must not reach, with DELETE and
 * assign too, on connections that stay for the whole run: live targets, whatever ran before.
 */
export function wellFormedProbe(world: World, speaksFor: string | undefined): fc.Arbitrary<Probe> {
  // configNames of both organizations: when none is the caller's (product `reports`), none resolves.
  const validate = fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...world.takenNames), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('id', 'amount', 'name'),
    )
    .map(([names, field]) => ({
      body: jsonText(
        objectOf([
          [
            'mappedFields',
            objectOf(names.map((name) => [name, objectOf([['accounts', [field]]])])),
          ],
        ]),
      ),
      expectedGiven: (live: ReadonlySet<string>): Expected =>
        names.some((name) => live.has(name.toLowerCase()))
          ? {
              status: 0,
              notCode: 'FET-1062',
              why: 'one of the names is a connection of the caller',
            }
          : {
              status: 400,
              code: 'FET-1062',
              why: 'none of the names is a connection of the caller (another organization’s do not count)',
            },
    }));
  return fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: routeTarget(world) }, foreignTarget(world, speaksFor)),
      validCreate(world),
      validImport(),
      fc.constantFrom(...PATCHES),
      validate,
      fc.boolean(),
      requestIdHeader,
    )
    .map(([route, create, imported, patch, validation, withEtag, requestId]) => {
      const target = route.fixture === undefined ? undefined : world.fixtures[route.fixture];
      // Its own product (none for an unassigned one), and the product it is given on assign.
      const product = route.path.endsWith('/assign') || !target ? 'reports' : target.product;
      const headers: Header[] = product === null ? [] : [['X-Product-Name', product]];
      if (typeof requestId === 'string') headers.push(['X-Request-Id', requestId]);
      if (route.method === 'PATCH' && withEtag) headers.push(['If-Match', CURRENT_ETAG]);
      let body: string | undefined;
      let expectedGiven: Probe['expectedGiven'];
      if (route.takesBody) {
        headers.push(['Content-Type', 'application/json']);
        if (route.path === BASE) body = jsonText(withKey(create, 'configName', UNIQUE_NAME));
        else if (route.path === IMPORT_PATH) body = jsonText(imported);
        else if (route.path === `${BASE}/test`) body = jsonText(withKey(create, 'configName', undefined));
        else if (route.method === 'PATCH') body = patch;
        else if (route.path.endsWith('/clone'))
          body = jsonText(objectOf([['configName', UNIQUE_NAME]]));
        else ({ body, expectedGiven } = validation);
      }
      return probe({
        method: route.method,
        path: route.path,
        headers,
        body,
        fixture: route.fixture,
        expectedGiven,
      });
    });
}

/** `wellFormedProbe` per organization a credential speaks for, each built once (building costs more than drawing). */
export function wellFormedProbes(
  world: World,
): (speaksFor: string | undefined) => fc.Arbitrary<Probe> {
  const built = new Map<string | undefined, fc.Arbitrary<Probe>>();
  return (speaksFor) => {
    const existing = built.get(speaksFor);
    if (existing) return existing;
    const probes = wellFormedProbe(world, speaksFor);
    built.set(speaksFor, probes);
    return probes;
  };
}

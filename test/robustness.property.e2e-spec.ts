import { randomBytes, randomUUID } from 'node:crypto';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { DEFAULT_ORGANIZATION } from '../src/common/http/organization.decorator';
import {
  Credential,
  checkAuthorization,
  organizationOf,
  refusedByAuth,
  speaksFor,
  withCredential,
} from './support/robustness-auth';
import {
  ContractViolation,
  checkAnswer,
  checkFetBody,
  checkRequestId,
} from './support/robustness-checks';
import { send, sendRaw } from './support/robustness-http';
import {
  UNIQUE_NAME,
  bracketProbe,
  deepProbe,
  guardProbe,
  protoProbe,
} from './support/robustness-oracles';
import { BASE, Probe, RouteName, routeOf } from './support/robustness-probe';
import { importProbe } from './support/robustness-import';
import { nonJsonProbe } from './support/robustness-non-json';
import { rawProbe } from './support/robustness-raw';
import { bodyProbe, headerProbe, methodProbe, queryProbe } from './support/robustness-requests';
import { CURRENT_ETAG, Fixture, World } from './support/robustness-targets';
import { Tenancy, checkSameAsUnknown, idOf } from './support/robustness-tenancy';
import { wellFormedProbes } from './support/robustness-well-formed';
import { TokenKit, credentialArbitrary, mintTokens } from './support/robustness-tokens';
import { freePort } from './support/ports';
import { StoreFingerprint, StoreState, openStoreFingerprint } from './support/store-fingerprint';
import { connectionBody, describeEachStore, openStoreRows } from './support/store-rows';
import { StoreKind, TestApp, createTestApp } from './support/test-app';
import { TestIssuer } from './support/token-issuer';

/**
 * Property-based robustness test, end to end, on the real app and its real store (SQLite always,
 * PostgreSQL when TEST_DATABASE_URL is set). fast-check sends thousands of generated requests —
 * mutated bodies, prototype keys, bodies nested up to 100,000 levels, non-JSON bodies, odd headers
 * and query strings, wrong methods, unknown paths, raw requests the HTTP parser refuses and
 * requests that stop half-way — and checks every answer: no 5xx but the 502 of a database that
 * cannot be read, an answer within DEADLINE_MS, a FET body whose status, title and message are the
 * catalogue's, a request id every time, the exact answer where the contract fixes one, and a store
 * left exactly as it was by every rejected request; afterwards, no prototype polluted and every
 * connection as its last answer left it. Every generated host is loopback (in all its spellings)
 * or a `.invalid` name, and the fixtures listen nowhere: nothing outside 127.0.0.0/8 is ever
 * resolved or dialled.
 *
 * The same properties run again with authentication on (AUTH_JWT_SECRET and a key set served on
 * loopback) and two organizations, each with connections of its own: every generated request
 * also carries a generated credential (a token of either organization with every permission or
 * only some, a real token the service must refuse — expired, wrong key, alg none, another
 * organization written into a signed token, … —, made-up text, none at all, a token where none is
 * read). On top of every check above: a refused request is 401 FET-0041 with its `Bearer`
 * challenge (403 FET-0042 naming the permission when the token lacks it) and leaves the store
 * untouched; no answer holds another organization's connection ids or values; a request to
 * another organization's connection is answered exactly like one to an id nobody has.
 *
 * Reproduce or widen a run: FC_SEED=<seed> (printed on failure with the counterexample),
 * FC_RUNS=<runs per property>.
 */

const SEED = Number(process.env.FC_SEED ?? 20_260_707);
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
const DEADLINE_MS = 15_000;
/** Per property (seconds normally): past this, shrinking stops and the property fails with what it has. */
const PROPERTY_BUDGET_MS = 5 * 60_000;
const budget = () => fc.interruptAfterTimeLimit(PROPERTY_BUDGET_MS, { failOnInterrupt: true });

jest.setTimeout(PROPERTY_BUDGET_MS + 2 * 60_000);

/**
 * With authentication on, each property runs a quarter of its runs (about 1,000 requests per
 * store instead of 4,000): the generators are the same and the requests they can build are
 * covered at full density with authentication off; what is new is the credential and the owner
 * of the target, a few dozen kinds of each, which a quarter of the runs still crosses with every
 * route many times over. The well-formed property, which exists only with authentication on,
 * runs in full (400), and a request to another organization's connection is sent twice: about
 * 1,500 requests per store in all.
 */
const AUTH_RUN_SHARE = 0.25;
const ORGANIZATIONS = ['org-a', 'org-b'] as const;

/** The connection as its organization last saw it (or deleted). */
interface Known {
  organization: string;
  last: { body: Record<string, unknown>; etag: string } | 'deleted';
}

/** Own keys and values of the built-in prototypes before the run. */
function prototypeSnapshot(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype].flatMap((proto, index) =>
    Object.getOwnPropertyNames(proto).map((name) => `${index}:${name}`),
  );
}
const OBJECT_PROTOTYPE_VALUES = new Map(
  Object.getOwnPropertyNames(Object.prototype).map((name) => [
    name,
    Object.getOwnPropertyDescriptor(Object.prototype, name)?.value as unknown,
  ]),
);

function checkPrototypes(before: string[]): void {
  const now = prototypeSnapshot();
  if (!isDeepStrictEqual(now, before)) {
    throw new ContractViolation(
      `a built-in prototype changed: ${now.filter((key) => !before.includes(key)).join(', ')}`,
    );
  }
  for (const [name, value] of OBJECT_PROTOTYPE_VALUES) {
    if (Object.getOwnPropertyDescriptor(Object.prototype, name)?.value !== value)
      throw new ContractViolation(`Object.prototype.${name} was replaced`);
  }
  if (
    ({} as Record<string, unknown>).polluted !== undefined ||
    ([] as unknown as Record<string, unknown>).polluted !== undefined
  ) {
    throw new ContractViolation('Object.prototype is polluted');
  }
}

function robustnessSuite(store: StoreKind, authEnabled: boolean): void {
  let t: TestApp;
  let port: number;
  let world: World;
  let fingerprint: StoreFingerprint;
  let current: StoreState;
  let prototypes: string[];
  let issuer: TestIssuer | undefined;
  let kit: TokenKit | undefined;
  const tenancy = new Tenancy();
  /** The organization of the fixtures (the one every request is in with authentication off). */
  const home = authEnabled ? ORGANIZATIONS[0] : DEFAULT_ORGANIZATION;
  let sent = 0;
  let planned = 0;
  /** Answers after which the fingerprint changed (2xx changes): proof that it sees changes at all. */
  let changes = 0;
  /** Tests before saving that got past validation and dialled (200): proof that the property reaches the dial. */
  let unsavedDials = 0;
  let unique = 0;
  const known = new Map<string, Known>();

  /** The headers of a request of `organization` with every permission (none with authentication off). */
  const as = (organization: string): Record<string, string> =>
    kit ? { Authorization: `Bearer ${kit.bearer(organization)}` } : {};

  /** Where a 2xx changed a connection, remember it as the answer says (before any check can throw). */
  function remember(
    probe: Probe,
    organization: string,
    status: number,
    body: unknown,
    etag: unknown,
  ): void {
    const route = routeOf(probe.method, probe.path);
    const id = idOf(probe);
    if (status === 204 && route === 'delete' && id)
      known.set(id, { organization, last: 'deleted' });
    const connection = body as Record<string, unknown>;
    if (
      (status === 200 || status === 201) &&
      (route === 'create' ||
        route === 'import' ||
        route === 'patch' ||
        route === 'assign' ||
        route === 'clone')
    ) {
      known.set(String(connection.id), {
        organization,
        last: { body: connection, etag: String(etag) },
      });
    }
  }

  /** A GET of a connection agrees with the last change's answer, and only its organization gets it. */
  function compareGet(probe: Probe, organization: string, status: number, body: unknown): void {
    const id = idOf(probe);
    // A HEAD is served by the GET route but answers without a body: there is nothing to compare.
    if (probe.method === 'HEAD') return;
    if (status !== 200 || routeOf(probe.method, probe.path) !== 'get' || !id || !known.has(id))
      return;
    const expected = known.get(id);
    if (
      expected?.organization !== organization ||
      expected.last === 'deleted' ||
      !isDeepStrictEqual(expected.last.body, body)
    ) {
      throw new ContractViolation(
        `GET ${id} by ${organization} answered ${JSON.stringify(body)}; the last change said ${JSON.stringify(expected)}`,
      );
    }
  }

  /**
   * The probe with its placeholders filled (the fixture's current ETag, a configName nobody has)
   * and its expectation for `organization`: the live configNames are that organization's; a
   * request that authentication refuses or that targets another organization's connection is
   * judged by the authentication and isolation oracles instead (unless the HTTP layer decides
   * before any route runs).
   */
  function resolve(probe: Probe, organization: string | undefined): Probe {
    const fixture =
      probe.fixture === undefined ? undefined : known.get(world.fixtures[probe.fixture].id);
    const etag = fixture && fixture.last !== 'deleted' ? fixture.last.etag : '"0"';
    const name = `rb-u${(unique += 1)}-${Date.now().toString(36)}`;
    const live = new Set<string>();
    for (const entry of known.values()) {
      if (
        entry.organization === organization &&
        entry.last !== 'deleted' &&
        entry.last.body.productName === 'reports'
      )
        live.add(String(entry.last.body.configName).toLowerCase());
    }
    let expected = probe.expectedGiven ? probe.expectedGiven(live) : probe.expected;
    const foreign = fixture !== undefined && fixture.organization !== organization;
    if (!expected?.beforeRouting && (refusedByAuth(probe) || foreign)) expected = undefined;
    return {
      ...probe,
      expected,
      headers: probe.headers.map(
        ([key, value]) => [key, value === CURRENT_ETAG ? etag : value] as const,
      ),
      body:
        typeof probe.body === 'string'
          ? probe.body.replace(`"${UNIQUE_NAME}"`, JSON.stringify(name))
          : probe.body,
    };
  }

  /**
   * The store after `request`: its connections as they were unless `mayChange`, and exactly
   * `events` more history events (one per change that was made, per test that ran and per
   * discovery that ran; none for anything refused, nor for reads, validate-schema or the history
   * itself).
   */
  async function checkStore(
    request: string,
    status: number,
    mayChange: boolean,
    events: number,
  ): Promise<void> {
    const before = current;
    current = await fingerprint.state();
    if (current.rows !== before.rows) changes += 1;
    if (!mayChange && current.rows !== before.rows)
      throw new ContractViolation(`the store changed under a ${status} to ${request}`);
    if (current.events !== before.events + events)
      throw new ContractViolation(
        `${current.events - before.events} history event(s) appended under a ${status} to ${request} (expected ${events})`,
      );
  }

  /** How many history events a request must append, given its route and answer (a clone: `cloned` and `copied`). */
  function eventsOf(route: RouteName | undefined, status: number, changed: boolean): number {
    if (changed) return route === 'clone' ? 2 : 1;
    if (route === 'test') return status === 200 ? 1 : 0;
    if (route === 'schema') return status === 200 || status === 502 ? 1 : 0;
    return 0;
  }

  /**
   * One request: every invariant of its answer, and the store untouched unless it was a 2xx
   * change by a request that authentication let in; with authentication on, a request to another
   * organization's connection is sent again to an id nobody has, and both answers must match.
   */
  async function exchange(generated: Probe): Promise<void> {
    const organization = organizationOf(generated, home);
    const probe = resolve(generated, organization);
    const answer = await send(port, probe, DEADLINE_MS);
    sent += 1;
    const route = routeOf(probe.method, probe.path);
    const mayChange =
      organization !== undefined &&
      answer.status < 300 &&
      (route === 'create' ||
        route === 'import' ||
        route === 'patch' ||
        route === 'delete' ||
        route === 'assign' ||
        route === 'clone');
    await checkStore(
      `${probe.method} ${probe.path.slice(0, 200)}`,
      answer.status,
      mayChange,
      eventsOf(route, answer.status, mayChange),
    );
    if (route === 'testUnsaved' && answer.status === 200) unsavedDials += 1;
    if (organization !== undefined)
      remember(probe, organization, answer.status, answer.json, answer.headers.etag);
    checkAnswer(probe, answer);
    checkAuthorization(probe, answer, authEnabled);
    tenancy.check(probe, answer, organization);
    if (organization !== undefined) {
      compareGet(probe, organization, answer.status, answer.json);
      tenancy.learn(organization, answer);
    }
    checkPrototypes(prototypes);
    const twin = tenancy.unknownTwin(probe, organization);
    if (twin) {
      const twinAnswer = await send(port, twin, DEADLINE_MS);
      sent += 1;
      await checkStore(`${twin.method} ${twin.path.slice(0, 200)}`, twinAnswer.status, false, 0);
      checkSameAsUnknown(probe, answer, twin, twinAnswer);
    }
  }

  /** A property that failed leaves the request count short: the last test does not count then. */
  let allRan = true;
  const assert = async <T>(
    property: fc.IAsyncProperty<T>,
    runs: number,
    authShare = AUTH_RUN_SHARE,
  ): Promise<void> => {
    const numRuns = RUNS ?? (authEnabled ? Math.ceil(runs * authShare) : runs);
    planned += numRuns;
    try {
      await fc.assert(property, { seed: SEED, numRuns, plugins: [budget()] });
    } catch (error) {
      allRan = false;
      throw error;
    }
  };
  /**
   * With authentication on, each generated request gets a generated credential too (`probes` may
   * depend on it; such a property exists only with authentication on).
   */
  const run = (
    runs: number,
    probes: fc.Arbitrary<Probe> | ((credential: Credential) => fc.Arbitrary<Probe>),
    authShare?: number,
  ) => {
    const requests = kit ? withCredential(probes, credentialArbitrary(kit)) : probes;
    if (typeof requests === 'function') throw new Error('this property needs authentication on');
    return assert(
      fc.asyncProperty(requests, (probe) => exchange(probe)),
      runs,
      authShare,
    );
  };

  beforeAll(async () => {
    prototypes = prototypeSnapshot();
    if (authEnabled) {
      issuer = await TestIssuer.start();
      kit = await mintTokens(issuer, ORGANIZATIONS);
    }
    t = await createTestApp({
      store,
      env: {
        CONNECTION_TEST_TIMEOUT_MS: '5000',
        SCHEMA_DISCOVERY_TIMEOUT_MS: '5000',
        // Tests before saving that pass validation really dial (loopback or `.invalid` only), not 429.
        UNSAVED_TEST_RATE_LIMIT: '1000000',
        ...(issuer?.env() ?? {}),
      },
    });
    const server = t.app.getHttpServer() as Server & { connectionsCheckingInterval: number };
    // Short enough that a request stopping half-way gets its 408 here (Node's: 60 s and 300 s).
    server.headersTimeout = 1500;
    server.requestTimeout = 3000;
    server.connectionsCheckingInterval = 250;
    await t.app.listen(0, '127.0.0.1');
    port = (server.address() as AddressInfo).port;
    const closedPort = await freePort();
    type Spec = Record<string, unknown> & {
      product?: string;
      disposable?: boolean;
      organization?: string;
    };
    const specs: Spec[] = [
      {
        configName: 'rb-fixture-pg',
        host: '127.0.0.1',
        schema: 'public',
        ssl: { mode: 'require' },
        metadata: { team: 'finance' },
      },
      { configName: 'rb-fixture-my', type: 'MYSQL', host: 'localhost' },
      {
        configName: 'rb-fixture-ms',
        type: 'SQL_SERVER',
        host: '::1',
        ssl: { mode: 'verify-full' },
      },
      { configName: 'rb-fixture-or', type: 'ORACLE', host: 'orders.invalid', port: 1521 },
      {
        configName: 'rb-fixture-mg',
        type: 'MONGODB',
        host: '127.0.0.1',
        metadata: { authSource: 'admin' },
      },
      { configName: 'constructor', host: 'proto.invalid' },
      { configName: 'rb-fixture-other', host: 'other.invalid', product: 'other' },
      { configName: 'rb-disposable-1', host: 'gone.invalid', disposable: true },
      { configName: 'rb-disposable-2', host: '127.0.0.1', disposable: true },
    ];
    // The second organization: one of its names is also the first's, the others only its own;
    // values marked with a random tag, so that any of them in an answer to the first is a leak.
    const tag = randomBytes(4).toString('hex');
    const [, other] = ORGANIZATIONS;
    if (authEnabled) {
      specs.push(
        {
          organization: other,
          configName: 'rb-fixture-pg',
          host: `b-${tag}.invalid`,
          databaseName: `b_${tag}`,
          userName: `b-user-${tag}`,
          schema: `b_schema_${tag}`,
          metadata: { team: `b-team-${tag}` },
        },
        { organization: other, configName: `rb-b-${tag}`, type: 'MYSQL', host: '127.0.0.1' },
        {
          organization: other,
          configName: `rb-b-other-${tag}`,
          host: `b-other-${tag}.invalid`,
          product: 'other',
        },
        {
          organization: other,
          configName: `rb-b-gone-${tag}`,
          host: `b-gone-${tag}.invalid`,
          disposable: true,
        },
      );
    }
    const fixtures: Fixture[] = [];
    for (const { product = 'reports', disposable, organization = home, ...fields } of specs) {
      const res = await t.http
        .post(BASE)
        .set(as(organization))
        .set('X-Product-Name', product)
        .send(connectionBody({ port: closedPort, ...fields }));
      expect(`${res.status} ${JSON.stringify(res.body)}`).toMatch(/^201 /);
      known.set(res.body.id, { organization, last: { body: res.body, etag: res.headers.etag } });
      tenancy.own(organization, res.body);
      fixtures.push({
        id: res.body.id,
        configName: res.body.configName,
        product,
        disposable,
        organization,
      });
    }
    const rows = await openStoreRows(t);
    const unassigned = [
      { organization: home, configName: 'rb-fixture-unassigned', host: 'unassigned.invalid' },
      ...(authEnabled
        ? [
            {
              organization: other,
              configName: `rb-b-unassigned-${tag}`,
              host: `b-unassigned-${tag}.invalid`,
            },
          ]
        : []),
    ];
    for (const { organization, configName, host } of unassigned) {
      const id = await rows.insert({
        organizationId: organization,
        configName,
        productName: null,
        host,
      });
      const res = await t.http.get(`${BASE}/${id}`).set(as(organization)).expect(200);
      known.set(id, { organization, last: { body: res.body, etag: res.headers.etag } });
      tenancy.own(organization, res.body);
      fixtures.push({ id, configName, product: null, organization });
    }
    await rows.close();
    world = {
      fixtures,
      closedPort,
      takenNames: [...new Set(fixtures.map((fixture) => fixture.configName))],
    };
    fingerprint = await openStoreFingerprint(t);
    current = await fingerprint.state();
  });

  afterAll(async () => {
    await fingerprint?.close();
    await t?.close();
    await issuer?.close();
  });

  it('near-valid create, PATCH, validate-schema, clone and test-before-saving bodies, mutated', () =>
    run(1550, bodyProbe(world)));

  it('POST /import: generated URIs of every form (valid, refused options, unreadable, huge, odd), loopback and .invalid hosts only; no answer holds a value of the URI where it must not', () =>
    run(500, importProbe(world)));

  it('prototype keys: refused where the contract names the fields, data in mappedFields', () =>
    run(350, protoProbe(world)));

  it('bodies nested 40 to 100,000 levels: 400 FET-0001 (fields.body) on every route that takes a body', () =>
    run(200, deepProbe(world)));

  it('non-JSON, non-object, empty and oversized bodies under every content type and encoding', () =>
    run(400, nonJsonProbe(world)));

  it('[::1] is accepted as a host and stored as ::1', () => run(30, bracketProbe(world)));

  it('the credential guard: moving a connection without its password → 400 FET-0402 naming password, nothing changes', () =>
    run(60, guardProbe(world)));

  it('X-Product-Name, X-Request-Id, If-Match and other headers on every route', () =>
    run(650, headerProbe(world)));

  it('query strings: list filters, metadata.<key>, paging and dates, on every GET route', () =>
    run(600, queryProbe(world)));

  it('wrong methods on known paths (405 + Allow), unknown paths (404), HEAD and OPTIONS', () =>
    run(600, methodProbe(world)));

  if (authEnabled) {
    it('well-formed requests to every route, on the connections of both organizations', () => {
      const probesFor = wellFormedProbes(world);
      return run(400, (credential) => probesFor(speaksFor(credential)), 1);
    });
  }

  it('oversized URLs and headers (431), malformed requests (400): a FET body and a request id from the HTTP server itself', () =>
    assert(
      fc.asyncProperty(rawProbe, async (raw) => {
        const answer = await sendRaw(port, raw.text, DEADLINE_MS);
        sent += 1;
        const request = `${raw.why}: ${JSON.stringify(raw.text.slice(0, 160))}`;
        if (answer.status >= 500) throw new ContractViolation(`a ${answer.status} for ${request}`);
        checkRequestId(request, [], answer);
        if (answer.status >= 400) checkFetBody(request, answer);
        if (
          raw.expected &&
          (answer.status !== raw.expected.status ||
            (answer.json as { code?: unknown } | undefined)?.code !== raw.expected.code)
        ) {
          throw new ContractViolation(
            `expected ${raw.expected.status} ${raw.expected.code} for ${request}; got ${answer.status} ${answer.text.slice(0, 300)}`,
          );
        }
        if (!isDeepStrictEqual(await fingerprint.state(), current)) {
          throw new ContractViolation(`the store changed under ${request}`);
        }
      }),
      150,
    ));

  it('afterwards: no prototype polluted, every connection as its last answer left it (and unseen by the other organization), thousands of requests sent', async () => {
    checkPrototypes(prototypes);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const [id, expected] of known) {
      const res = await t.http.get(`${BASE}/${id}`).set(as(expected.organization));
      if (expected.last === 'deleted') expect(res.status).toBe(404);
      else
        expect({ status: res.status, body: res.body, etag: res.headers.etag }).toEqual({
          status: 200,
          ...expected.last,
        });
      if (authEnabled) {
        const stranger = ORGANIZATIONS.find(
          (organization) => organization !== expected.organization,
        );
        const unknown = await t.http.get(`${BASE}/${randomUUID()}`).set(as(String(stranger)));
        const attempt = await t.http.get(`${BASE}/${id}`).set(as(String(stranger)));
        expect({ id, status: attempt.status, body: attempt.body as unknown }).toEqual({
          id,
          status: 404,
          body: unknown.body as unknown,
        });
      }
    }
    for (const fixture of world.fixtures.filter((item) => !item.disposable))
      expect(known.get(fixture.id)?.last).not.toBe('deleted');
    if (RUNS === undefined && allRan) {
      expect(sent).toBeGreaterThanOrEqual(planned);
      expect(changes).toBeGreaterThan(authEnabled ? 5 : 20);
      expect(unsavedDials).toBeGreaterThan(authEnabled ? 5 : 20);
    }
  });
}

describeEachStore('robustness (property-based e2e on the real app and store)', (store) =>
  robustnessSuite(store, false),
);

describeEachStore(
  'robustness with authentication on: generated tokens, two organizations (property-based e2e)',
  (store) => robustnessSuite(store, true),
);

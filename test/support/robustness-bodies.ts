import fc from 'fast-check';
import {
  ENGINE_TYPES,
  PROTOTYPE_KEYS,
  SSL_MODES,
  dataName,
  hostValue,
  metadataKey,
  oddNumber,
  oddString,
  wrongType,
} from './robustness-arbitraries';
import { Json, JsonObject, RawJson, objectOf, withKey } from './robustness-json';
import { opensshPrivateKey, someHostKeyFingerprint } from './ssh-keys';

/** What the bodies may refer to: taken configNames and a loopback port nothing listens on. */
export interface BodyWorld {
  takenNames: string[];
  closedPort: number;
}

/** The create body's required fields (spec §1), then the optional ones. */
export const REQUIRED_CREATE_FIELDS = [
  'configName',
  'type',
  'host',
  'port',
  'databaseName',
  'userName',
  'password',
] as const;
export const CREATE_FIELDS = [...REQUIRED_CREATE_FIELDS, 'schema', 'ssl', 'metadata', 'sshTunnel'];

/** Keys a client might try to slip in (mass assignment) or that only look harmless. */
const unexpectedKey = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    'id',
    'organizationId',
    'productName',
    'createdAt',
    'deletedAt',
    'passwordSealed',
    'provisioned',
    '',
  ),
  // Never a field of the contract: an "unexpected" `host` would be a host that is not loopback.
  fc.string({ maxLength: 12 }).filter((key) => !CREATE_FIELDS.includes(key)),
);
/** Values for unexpected keys: never an object that could pass for a host anywhere. */
const unexpectedValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, 'x', 'default', [], {}, objectOf([['polluted', 'yes']])),
  oddNumber,
);
/** Wrong types for `host`: no string at all, so nothing but the loopback/.invalid hosts is ever a host. */
const hostWrongType = fc.constantFrom<Json>(
  null,
  true,
  2130706433,
  1,
  [],
  {},
  ['127.0.0.1'],
  objectOf([['host', 'localhost']]),
  new RawJson('-0'),
);

const freshName = fc.stringMatching(/^rb-[a-z0-9]{10}$/);
const pem = fc.constantFrom(
  '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n',
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----',
  'not a pem',
  '',
  `-----BEGIN CERTIFICATE-----\n${'A'.repeat(70_000)}\n-----END CERTIFICATE-----`,
);

const entries = (pairs: ReadonlyArray<readonly [string, Json]>) => objectOf(pairs);
const metadataItem: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  oddString,
  wrongType,
  fc.constant('v'.repeat(2001)),
);
export const metadataValue: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(fc.tuple(metadataKey, metadataItem), { maxLength: 6 }).map(entries),
  },
  fc.constant(null),
  wrongType,
  fc
    .integer({ min: 49, max: 53 })
    .map((count) => objectOf(Array.from({ length: count }, (_v, i) => [`k${i}`, 'v'] as const))),
  fc.constant(objectOf([['k'.repeat(101), 'v']])),
);
export const sslValue: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record(
        { mode: fc.oneof(fc.constantFrom(...SSL_MODES), oddString), ca: pem, cert: pem, key: pem },
        { requiredKeys: ['mode'] },
      )
      .map((ssl) => objectOf(Object.entries(ssl))),
  },
  fc.constant(null),
  wrongType,
);

/** Made once per run (never a key file): a key that reads, one that needs its passphrase (two bcrypt rounds: cheap). */
const SSH_KEY = opensshPrivateKey();
const SSH_PASSPHRASE = 'robust-passphrase';
const SSH_ENCRYPTED_KEY = opensshPrivateKey('ed25519', { passphrase: SSH_PASSPHRASE, rounds: 2 });
const sshKey = fc.constantFrom<Json>(
  SSH_KEY,
  SSH_ENCRYPTED_KEY,
  'not a key',
  '',
  `${SSH_KEY}${' '.repeat(70_000)}`,
);
/**
 * `sshTunnel` blocks: the bastion loopback or `.invalid` (never a host outside this machine), on a
 * port nothing listens on; keys that read or not, passphrases right or wrong, fingerprints well
 * formed or not, and the fields a block may lack.
 */
export const sshTunnelValue = (world: BodyWorld): fc.Arbitrary<Json> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record(
          {
            host: fc.oneof({ weight: 4, arbitrary: hostValue }, oddString, wrongType),
            port: fc.oneof(
              { weight: 4, arbitrary: fc.constant(world.closedPort) },
              oddNumber,
              wrongType,
            ),
            userName: fc.oneof(
              { weight: 4, arbitrary: fc.constant('tunnel') },
              oddString,
              wrongType,
            ),
            hostKeyFingerprint: fc.oneof(
              { weight: 4, arbitrary: fc.constant(someHostKeyFingerprint()) },
              fc.constantFrom<Json>('SHA256:short', 'MD5:aa:bb', `${someHostKeyFingerprint()}=`),
              wrongType,
            ),
            privateKey: fc.oneof({ weight: 3, arbitrary: sshKey }, wrongType),
            passphrase: fc.oneof(
              { weight: 3, arbitrary: fc.constantFrom<Json>(SSH_PASSPHRASE, 'wrong') },
              wrongType,
            ),
            password: fc.oneof(
              { weight: 3, arbitrary: fc.constantFrom<Json>('Ssh-pa55word!', ' ') },
              wrongType,
            ),
          },
          { requiredKeys: ['host', 'userName', 'hostKeyFingerprint'] },
        )
        .map((tunnel) => objectOf(Object.entries(tunnel))),
    },
    fc.constant(null),
    wrongType,
  );

/** A value for a known field: mostly valid, else odd or of a wrong type (hosts stay loopback or `.invalid`). */
function fieldValue(world: BodyWorld, key: string): fc.Arbitrary<Json | undefined> {
  const valid = (arbitrary: fc.Arbitrary<Json>, ...others: fc.Arbitrary<Json>[]) =>
    fc.oneof({ weight: 4, arbitrary }, ...others);
  switch (key) {
    case 'host':
      return valid(hostValue, hostWrongType);
    case 'port':
      return valid(fc.constant(world.closedPort), oddNumber, wrongType);
    case 'type':
      return valid(
        fc.constantFrom(...ENGINE_TYPES),
        fc.constantFrom('postgresql', ' MYSQL ', 'MARIADB'),
        oddString,
        wrongType,
      );
    case 'ssl':
      return valid(
        fc.constantFrom(...SSL_MODES).map((mode) => objectOf([['mode', mode]])),
        sslValue,
      );
    case 'metadata':
      return valid(
        fc
          .array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })), {
            maxLength: 3,
          })
          .map(entries),
        metadataValue,
      );
    case 'configName':
      return valid(freshName, fc.constantFrom(...world.takenNames), oddString, wrongType);
    case 'sshTunnel':
      return sshTunnelValue(world);
    case 'schema':
      return valid(
        fc.constantFrom('public', 'dbo', 'sales'),
        fc.constant(null),
        oddString,
        wrongType,
      );
    default:
      return valid(fc.constantFrom('app', 'reporter', 'S3cret-pa55word!'), oddString, wrongType);
  }
}

type Mutation = { drop: string } | { set: string; value: Json } | { add: string; value: Json };

function mutation(world: BodyWorld, keys: string[]): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.constantFrom(...keys).map((drop) => ({ drop })),
    fc
      .constantFrom(...keys)
      .chain((key) => fieldValue(world, key).map((value) => ({ set: key, value: value ?? null }))),
    fc.tuple(unexpectedKey, unexpectedValue).map(([add, value]) => ({ add, value })),
  );
}

function mutate(body: JsonObject, mutations: Mutation[]): JsonObject {
  return mutations.reduce((current, change) => {
    if ('drop' in change) return withKey(current, change.drop, undefined);
    if ('set' in change) return withKey(current, change.set, change.value);
    return withKey(current, change.add, change.value);
  }, body);
}

/** A valid create body for `world` (a fresh or taken configName, a loopback or `.invalid` host). */
export function validCreate(world: BodyWorld): fc.Arbitrary<JsonObject> {
  return fc
    .record(
      {
        configName: fc.oneof(
          { weight: 3, arbitrary: freshName },
          fc.constantFrom(...world.takenNames),
        ),
        type: fc.constantFrom(...ENGINE_TYPES),
        host: hostValue,
        port: fc.constant(world.closedPort),
        databaseName: fc.constantFrom('app', 'sales'),
        userName: fc.constant('reporter'),
        password: fc.constantFrom('S3cret-pa55word!', 'p'),
        schema: fc.constantFrom('public', 'dbo'),
        ssl: fc.constantFrom(...SSL_MODES).map((mode) => objectOf([['mode', mode]])),
        metadata: fc
          .array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })), {
            maxLength: 3,
          })
          .map(entries),
      },
      {
        requiredKeys: [...REQUIRED_CREATE_FIELDS],
      },
    )
    .map((body) => objectOf(Object.entries(body)));
}

/** Create bodies: valid ones with up to four mutations (dropped fields, wrong types, odd values, extra keys). */
export const createBody = (world: BodyWorld): fc.Arbitrary<JsonObject> =>
  fc
    .tuple(validCreate(world), fc.array(mutation(world, CREATE_FIELDS), { maxLength: 4 }))
    .map(([body, changes]) => mutate(body, changes));

/**
 * A new password for a third of the PATCH bodies that have none: a PATCH that moves a connection
 * (type, host, port, a lower ssl.mode) must carry it (the credential guard, spec §3.4), so that
 * moves are refused without it and still go through with it.
 */
const patchPassword = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  fc.constantFrom('N3w-pa55word!', 'S3cret-pa55word!'),
);

/** Test-before-saving bodies: create bodies, mutated the same way, mostly without a configName (it is optional there). */
export const unsavedTestBody = (world: BodyWorld): fc.Arbitrary<JsonObject> =>
  fc
    .tuple(createBody(world), fc.boolean())
    .map(([body, named]) => (named ? body : withKey(body, 'configName', undefined)));

/** PATCH bodies: a few fields (valid or odd), nulls that mean "remove", and the same mutations. */
export const patchBody = (world: BodyWorld): fc.Arbitrary<JsonObject> =>
  fc
    .tuple(
      fc
        .subarray(CREATE_FIELDS, { minLength: 0, maxLength: 4 })
        .chain((keys) =>
          fc.tuple(
            ...keys.map((key) => fieldValue(world, key).map((value) => [key, value] as const)),
          ),
        ),
      patchPassword,
      fc.array(mutation(world, CREATE_FIELDS), { maxLength: 2 }),
    )
    .map(([pairs, password, changes]) => {
      const given = pairs.filter((pair): pair is readonly [string, Json] => pair[1] !== undefined);
      const withPassword =
        password === undefined || given.some(([key]) => key === 'password')
          ? given
          : [...given, ['password', password] as const];
      return mutate(objectOf(withPassword), changes);
    });

/**
 * Clone bodies: `{ configName }` (fresh or taken) half of the time; else with the same mutations
 * (dropped, odd or of a wrong type, extra keys), or with a field of create that clone does not
 * take (hosts stay loopback or `.invalid`).
 */
export const cloneBody = (world: BodyWorld): fc.Arbitrary<JsonObject> => {
  const valid = fc
    .oneof({ weight: 3, arbitrary: freshName }, fc.constantFrom(...world.takenNames))
    .map((configName) => objectOf([['configName', configName]]));
  const createField = fc
    .constantFrom(...CREATE_FIELDS.filter((key) => key !== 'configName'))
    .chain((key) => fieldValue(world, key).map((value) => [key, value ?? null] as const));
  return fc.oneof(
    { weight: 2, arbitrary: valid },
    fc
      .tuple(valid, fc.array(mutation(world, ['configName']), { minLength: 1, maxLength: 2 }))
      .map(([body, changes]) => mutate(body, changes)),
    fc.tuple(valid, createField).map(([body, [key, value]]) => withKey(body, key, value)),
  );
};

const fieldList: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.array(dataName, { maxLength: 4 }) },
  fc
    .integer({ min: 50, max: 52 })
    .map((count) => Array.from({ length: count }, (_v, i) => `f${i}`)),
  fc.array(wrongType, { minLength: 1, maxLength: 2 }),
  wrongType,
);
const tableMap: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(dataName, fieldList), { maxLength: 3 }).map(entries) },
  fc
    .integer({ min: 20, max: 22 })
    .map((count) => objectOf(Array.from({ length: count }, (_v, i) => [`t${i}`, ['id']] as const))),
  wrongType,
);

/** validate-schema bodies: names of fixtures or any data names (prototype keys are data here), limits, wrong types. */
export const validateBody = (world: BodyWorld): fc.Arbitrary<JsonObject> => {
  const source = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...world.takenNames) }, dataName);
  const mapped: fc.Arbitrary<Json> = fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.tuple(source, tableMap), { maxLength: 3 }).map(entries) },
    fc
      .integer({ min: 10, max: 12 })
      .map((count) =>
        objectOf(
          Array.from({ length: count }, (_v, i) => [`ds${i}`, objectOf([['t', ['id']]])] as const),
        ),
      ),
    wrongType,
  );
  const extra = fc.option(fc.tuple(unexpectedKey, unexpectedValue), { freq: 5 });
  return fc.tuple(fc.option(mapped, { freq: 10 }), extra).map(([value, more]) => {
    const base = value === null ? objectOf([]) : objectOf([['mappedFields', value]]);
    return more ? withKey(base, more[0], more[1]) : base;
  });
};

import fc from 'fast-check';
import { invalidName, oddString, requestIdHeader, wrongType } from './robustness-arbitraries';
import { metadataValue, sshTunnelValue, sslValue } from './robustness-bodies';
import { Json, JsonObject, jsonText, objectOf, withKey } from './robustness-json';
import { BASE, Expected, Probe, probe } from './robustness-probe';
import {
  Header,
  World,
  cleanHeaders,
  headerSet,
  jsonType,
  oddContentType,
  pct,
} from './robustness-targets';

/** Replaced at send time by a configName nobody has (the same placeholder as robustness-oracles' UNIQUE_NAME). */
const UNIQUE_NAME = 'rb-unique-name';
export const IMPORT_PATH = `${BASE}/import`;

type Engine = 'POSTGRESQL' | 'MYSQL' | 'SQL_SERVER' | 'ORACLE' | 'MONGODB';

/**
 * Hosts of generated URIs: loopback in URL spellings and `.invalid` names, nothing else, even after
 * %-decoding. Generated text never goes into the authority raw (only %-encoded into the
 * userinfo), so no URI can name another host. Import does not dial anyway; the hosts stay safe for
 * whatever later reads the connection.
 */
const uriHost = fc.oneof(
  fc.constantFrom(
    '127.0.0.1',
    'localhost',
    'LOCALHOST',
    '[::1]',
    '[::ffff:127.0.0.1]',
    '%31%32%37.0.0.1',
  ),
  invalidName,
);
/** The same for JDBC forms (nothing is %-decoded there). */
const jdbcHost = fc.oneof(fc.constantFrom('127.0.0.1', 'localhost', '[::1]'), invalidName);

const DEFAULT_PORTS: Record<Engine, number> = {
  POSTGRESQL: 5432,
  MYSQL: 3306,
  SQL_SERVER: 1433,
  ORACLE: 1521,
  MONGODB: 27017,
};
const SCHEMES: Record<Engine, readonly string[]> = {
  POSTGRESQL: ['postgres', 'postgresql', 'PostgreSQL'],
  MYSQL: ['mysql', 'mariadb', 'MySQL'],
  SQL_SERVER: ['sqlserver', 'mssql', 'SQLServer'],
  ORACLE: ['oracle', 'ORACLE'],
  MONGODB: ['mongodb', 'MongoDB'],
};
const ENGINES = Object.keys(SCHEMES) as Engine[];

/** Options the spec allows per engine, with values it accepts (spec §3.12): at most one of each group. */
const ALLOWED_OPTIONS: Record<Engine, readonly (readonly string[])[]> = {
  POSTGRESQL: [
    ['sslmode=require', 'sslmode=verify-full', 'SSLMODE=disable'],
    ['currentSchema=sales', 'options=-c%20search_path%3Dsales'],
  ],
  MYSQL: [['ssl-mode=REQUIRED', 'sslMode=verify_identity', 'ssl-mode=DISABLED']],
  SQL_SERVER: [['encrypt=true', 'encrypt=true&trustServerCertificate=true', 'encrypt=false']],
  ORACLE: [],
  MONGODB: [
    ['tls=true', 'ssl=false', 'tls=true&tlsAllowInvalidCertificates=true'],
    ['authSource=admin'],
    ['replicaSet=rs0'],
    ['directConnection=true', 'directConnection=FALSE'],
  ],
};
const allowedOptions = (engine: Engine): fc.Arbitrary<string[]> =>
  fc
    .tuple(...ALLOWED_OPTIONS[engine].map((group) => fc.option(fc.constantFrom(...group))))
    .map((chosen) => chosen.filter((option): option is string => option !== null));

/** Every option name any engine reads, lower-cased: a generated "refused" name is none of them. */
const READ_ANYWHERE = new Set([
  'sslmode',
  'currentschema',
  'options',
  'ssl-mode',
  'encrypt',
  'trustservercertificate',
  'tls',
  'ssl',
  'tlsallowinvalidcertificates',
  'authsource',
  'replicaset',
  'directconnection',
  'user',
  'password',
  'databasename',
]);
/** Options that would change where or how the service connects (values: loopback or harmless paths only). */
const REFUSED_OPTIONS = [
  'host=127.0.0.1',
  'hostaddr=127.0.0.1',
  'sslrootcert=%2Fetc%2Fpasswd',
  'passfile=%2Froot%2F.pgpass',
  'socketPath=%2Ftmp%2Fmysql.sock',
  'localInfile=true',
  'tlsCAFile=%2Fetc%2Fssl%2Fca.pem',
  'port=1',
  'serverName=localhost',
  'integratedSecurity=true',
  'sslkey=%2Fk',
  'authMechanism=PLAIN',
];
const refusedOption = fc.oneof(
  fc.constantFrom(...REFUSED_OPTIONS),
  fc
    .tuple(fc.stringMatching(/^[a-zA-Z][a-zA-Z_]{0,11}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/))
    .filter(([name]) => !READ_ANYWHERE.has(name.toLowerCase()))
    .map(([name, value]) => `${name}=${value}`),
);
const nameOf = (option: string) => decodeURIComponent(option.split('=')[0]);

/** A marker that no answer may hold: every value a URI carries has one (option names never do). */
const marker = fc.stringMatching(/^[a-f0-9]{10}$/).map((hex) => `q${hex}`);
/** Any text, to be %-encoded (so it cannot change the URI's structure). */
const anyText = fc.string({ unit: 'grapheme', maxLength: 8 });

interface GeneratedUri {
  type: Engine;
  uri: string;
  /** Values the URI carries: none may be in an error; the password in no answer at all. */
  values: string[];
  password: string;
  /** What a 201 shows. */
  shows: Record<string, unknown>;
}

/** A URI every rule accepts, of every form, with `options` appended where the form takes them. */
function validUri(
  engines: readonly Engine[] = ENGINES,
  options: (engine: Engine) => fc.Arbitrary<string[]> = allowedOptions,
): fc.Arbitrary<GeneratedUri> {
  return fc
    .tuple(fc.constantFrom(...engines), marker, anyText, anyText)
    .chain(([type, mark, userText, passwordText]) =>
      fc
        .tuple(
          fc.constantFrom(...SCHEMES[type]),
          uriHost,
          jdbcHost,
          fc.option(fc.integer({ min: 1, max: 65535 }), { freq: 2 }),
          options(type),
          fc.boolean(),
        )
        .map(([scheme, host, plainHost, port, chosen, jdbc]): GeneratedUri => {
          const userName = `u${mark}${userText}`.trim();
          const password = `p${mark}s${passwordText}`;
          const databaseName = `d${mark}`;
          const query = chosen.length > 0 ? `?${chosen.join('&')}` : '';
          const at = port === null ? '' : `:${port}`;
          let uri: string;
          if (jdbc && type === 'SQL_SERVER') {
            const props = chosen
              .map((option) => decodeURIComponent(option).replace('&', ';'))
              .join(';');
            uri = `jdbc:sqlserver://${plainHost}${at};databaseName=${databaseName};user=${userName.replace(/[;{}=]/g, '')};password={${password.replace(/}/g, '}}')}}${props ? `;${props}` : ''}`;
          } else if (jdbc && type === 'ORACLE') {
            uri = `jdbc:oracle:thin:@//${plainHost}${at}/${databaseName}?user=${pct(userName)}&password=${pct(password)}`;
          } else {
            uri = `${scheme}://${pct(userName)}:${pct(password)}@${host}${at}/${databaseName}${query}`;
          }
          const shownUser =
            jdbc && type === 'SQL_SERVER' ? userName.replace(/[;{}=]/g, '').trim() : userName;
          return {
            type,
            uri,
            values: [mark],
            password,
            shows: { type, databaseName, userName: shownUser, port: port ?? DEFAULT_PORTS[type] },
          };
        }),
    );
}

/** An import body: the placeholder name (a fresh one at send time) and the URI. */
const bodyOf = (uri: string, extra: ReadonlyArray<readonly [string, Json]> = []): JsonObject =>
  objectOf([['configName', UNIQUE_NAME], ['uri', uri], ...extra]);

/** A valid import body (loopback and `.invalid` hosts only), for the probes that need one. */
export const validImport = (): fc.Arbitrary<JsonObject> => validUri().map(({ uri }) => bodyOf(uri));

const headers = fc
  .tuple(requestIdHeader, jsonType)
  .map(([id, type]): Header[] => [
    ...cleanHeaders(type),
    ...(id === undefined
      ? []
      : (Array.isArray(id) ? id : [id]).map((item) => ['X-Request-Id', item] as const)),
  ]);

function importRequest(
  body: JsonObject,
  expected: Expected,
  uri: Pick<GeneratedUri, 'values' | 'password'>,
) {
  return (requestHeaders: Header[]) =>
    probe({
      method: 'POST',
      path: IMPORT_PATH,
      headers: requestHeaders,
      body: jsonText(body),
      expected,
      quiet: { always: [uri.password], inErrors: uri.values },
    });
}

/**
 * Import requests whose answer the contract fixes (spec §3.12): a valid URI of every form → 201
 * with what it says; refused options → 400 FET-0400 naming each; URIs that cannot be read (over
 * 4 KiB, `mongodb+srv://`, several hosts, a fragment, an unknown scheme, bad %-encoding, no host)
 * → 400 FET-0001 on `uri`; no password → 400 FET-0402 `password`; `sslmode` against `ssl.mode` →
 * 400 FET-0413; a taken name → 409. In every one, no error holds a value of the URI and no answer
 * its password.
 */
function exactImport(world: World): fc.Arbitrary<Probe> {
  const valid = validUri().map((generated) =>
    importRequest(
      bodyOf(generated.uri),
      {
        status: 201,
        body: generated.shows,
        why: 'a valid URI is imported as a create',
      },
      generated,
    ),
  );
  const refused = fc
    .tuple(
      validUri().filter((generated) => !generated.uri.startsWith('jdbc:')),
      fc.uniqueArray(refusedOption, {
        minLength: 1,
        maxLength: 3,
        selector: (option) => nameOf(option).toLowerCase(),
      }),
    )
    .map(([generated, options]) => {
      const uri = `${generated.uri}${generated.uri.includes('?') ? '&' : '?'}${options.join('&')}`;
      return importRequest(
        bodyOf(uri),
        {
          status: 400,
          code: 'FET-0400',
          fields: options.map(nameOf),
          why: 'options outside the allowlist are refused by name',
        },
        generated,
      );
    });
  const unreadable = fc
    .tuple(
      validUri().filter((generated) => !generated.uri.startsWith('jdbc:')),
      fc.constantFrom(
        'fragment',
        'huge',
        'srv',
        'hosts',
        'scheme',
        'percent',
        'no-host',
        'port',
        'control',
      ),
      marker,
    )
    .map(([generated, kind, mark]) => {
      const rest = generated.uri.slice(generated.uri.indexOf('://') + 3);
      const uri = {
        fragment: `${generated.uri}#${mark}`,
        huge: `${generated.uri}${generated.uri.includes('?') ? '&' : '?'}currentSchema=${mark.repeat(400)}`,
        srv: `mongodb+srv://${rest}`,
        hosts: generated.uri.replace(/@([^/?]+)/, `@$1,${mark}.invalid`),
        scheme: `redis${mark}://${rest}`,
        percent: generated.uri.replace('://', `://%zz${mark}`),
        'no-host': `${generated.uri.slice(0, generated.uri.indexOf('://'))}:///${mark}`,
        port: generated.uri.replace(/@([^/?]+?)(:\d+)?(?=[/?])/, '@$1:99999'),
        control: generated.uri.replace('://', `://%00${mark}`),
      }[kind];
      return importRequest(
        bodyOf(uri),
        {
          status: 400,
          code: 'FET-0001',
          fields: ['uri'],
          why: `a URI that cannot be read (${kind})`,
        },
        { values: [...generated.values, mark], password: generated.password },
      );
    });
  const noPassword = fc
    .tuple(fc.constantFrom(...ENGINES), marker, uriHost)
    .map(([type, mark, host]) =>
      importRequest(
        bodyOf(`${SCHEMES[type][0]}://u${mark}@${host}/d${mark}`),
        {
          status: 400,
          code: 'FET-0402',
          fields: ['password'],
          why: 'a URI without a password',
        },
        { values: [mark], password: `u${mark}` },
      ),
    );
  const tlsDisagrees = validUri(['POSTGRESQL'], () => fc.constant(['sslmode=require'])).map(
    (generated) =>
      importRequest(
        bodyOf(generated.uri, [['ssl', objectOf([['mode', 'verify-full']])]]),
        {
          status: 400,
          code: 'FET-0413',
          fields: ['ssl.mode'],
          why: 'sslmode in the URI and ssl.mode in the body disagree',
        },
        generated,
      ),
  );
  const taken = fc
    .tuple(validUri(), fc.constantFrom(...world.takenNames))
    .map(([generated, name]) => {
      const body = withKey(bodyOf(generated.uri), 'configName', name);
      return (requestHeaders: Header[]) =>
        probe({
          method: 'POST',
          path: IMPORT_PATH,
          headers: requestHeaders,
          body: jsonText(body),
          quiet: { always: [generated.password], inErrors: generated.values },
          // Taken in the caller's organization under product `reports`: 409; a name of another
          // product or organization only may be free.
          expectedGiven: (live) =>
            live.has(name.toLowerCase())
              ? { status: 409, code: 'FET-1002', why: 'the configName is taken' }
              : {
                  status: 0,
                  notCode: 'FET-0002',
                  why: 'the name may be free in this organization',
                },
        });
    });
  return fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: valid },
        { weight: 2, arbitrary: refused },
        { weight: 2, arbitrary: unreadable },
        noPassword,
        tlsDisagrees,
        taken,
      ),
      headers,
    )
    .map(([build, requestHeaders]) => build(requestHeaders));
}

/** Odd URIs and bodies: any text (never with `//`, so never a URL), wrong types, huge ones, odd options and fields. */
function oddImport(world: World): fc.Arbitrary<Probe> {
  const oddUri: fc.Arbitrary<Json> = fc.oneof(
    oddString.filter((text) => !text.includes('//')),
    wrongType,
    validUri().chain((generated) =>
      fc
        .tuple(oddString, fc.constantFrom('?', '&', '/', '?x='))
        .map(
          ([text, glue]) =>
            `${generated.uri.replace(/[?#].*$/, '')}${glue}${pct(text).slice(0, 3000)}`,
        ),
    ),
    validUri().chain((generated) =>
      fc
        .integer({ min: 4_000, max: 200_000 })
        .map(
          (length) =>
            `${generated.uri}${generated.uri.includes('?') ? '&' : '?'}x=${'a'.repeat(length)}`,
        ),
    ),
    validUri().map((generated) => generated.uri.toUpperCase()),
  );
  const field = fc.oneof(
    fc.tuple(
      fc.constant('schema'),
      fc.oneof(fc.constantFrom<Json>('public', null), oddString, wrongType),
    ),
    fc.tuple(fc.constant('ssl'), sslValue),
    fc.tuple(fc.constant('metadata'), metadataValue),
    fc.tuple(fc.constant('sshTunnel'), sshTunnelValue(world)),
    fc.tuple(
      fc.constantFrom('configName'),
      fc.oneof(fc.constantFrom(...world.takenNames), oddString, wrongType),
    ),
    fc.tuple(
      fc.constantFrom('host', 'type', 'password', 'port', 'id', '__proto__'),
      fc.constantFrom<Json>('127.0.0.1', null, 1, {}, 'x.invalid'),
    ),
  );
  return fc
    .tuple(
      oddUri,
      fc.array(field, { maxLength: 3 }),
      headerSet(false, true),
      fc.oneof({ weight: 9, arbitrary: jsonType }, oddContentType),
      fc.boolean(),
    )
    .map(([uri, fields, requestHeaders, type, dropUri]) => {
      let body = dropUri
        ? objectOf([['configName', UNIQUE_NAME]])
        : objectOf([
            ['configName', UNIQUE_NAME],
            ['uri', uri],
          ]);
      for (const [key, value] of fields) body = withKey(body, key, value);
      return probe({
        method: 'POST',
        path: IMPORT_PATH,
        headers: [...requestHeaders, ['Content-Type', type] as const],
        body: jsonText(body),
      });
    });
}

/** POST /import: exact outcomes where the contract fixes them, and odd URIs and bodies that must get a catalogue answer. */
export function importProbe(world: World): fc.Arbitrary<Probe> {
  return fc.oneof(
    { weight: 3, arbitrary: exactImport(world) },
    { weight: 2, arbitrary: oddImport(world) },
  );
}

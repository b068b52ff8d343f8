import { FetErrorCode } from '../../common/errors/fet-error-code';
import { EngineType, SSL_MODES, SslMode } from '../../engines/engine';
import { UriOption, UriProblem } from './uri-reading';

/**
 * The options a URI may carry, per engine (spec §3.12): each name, lower-cased (names are matched
 * case-insensitively), → the option it is. Two names of one option are aliases. Nothing else is
 * ever read: an option must never change where or how the service connects.
 */
const ALLOWED: Readonly<Record<EngineType, Readonly<Record<string, string>>>> = {
  POSTGRESQL: { sslmode: 'sslmode', currentschema: 'currentSchema', options: 'options' },
  MYSQL: { 'ssl-mode': 'sslMode', sslmode: 'sslMode' },
  SQL_SERVER: { encrypt: 'encrypt', trustservercertificate: 'trustServerCertificate' },
  ORACLE: {},
  MONGODB: {
    tls: 'tls',
    ssl: 'tls',
    tlsallowinvalidcertificates: 'tlsAllowInvalidCertificates',
    authsource: 'authSource',
    replicaset: 'replicaSet',
    directconnection: 'directConnection',
  },
};

/** JDBC forms carry the database and the account as properties too (they have no userinfo). */
const JDBC_ACCOUNT: Readonly<Partial<Record<EngineType, Readonly<Record<string, string>>>>> = {
  SQL_SERVER: { databasename: 'databaseName', user: 'user', password: 'password' },
  ORACLE: { user: 'user', password: 'password' },
};

/** Where a URI's options come from: a URL's query, or the properties of a JDBC form. */
export type OptionSource = 'url' | 'jdbc';

/** What the options say, in the create body's terms, and what is wrong with them. */
export interface OptionsReading {
  databaseName?: string;
  userName?: string;
  password?: string;
  schema?: string;
  sslMode?: SslMode;
  metadata: Record<string, string>;
  problems: UriProblem[];
}

const MODES_IN_WORDS = 'disable, require, verify-ca or verify-full';
const NO_FALLBACK = 'falls back to an unencrypted connection, which the service cannot honour';

/** `-c search_path=<one schema>` (a double-quoted name keeps its case); undefined for anything else. */
function searchPathOf(options: string): string | undefined {
  const match = /^\s*-c\s*search_path\s*=\s*("[^"]+"|[^\s,"]+)\s*$/.exec(options);
  if (!match) return undefined;
  const schema = match[1];
  return schema.startsWith('"') ? schema.slice(1, -1) : schema;
}

/** A `true`/`false` option (any case); undefined for anything else. */
function booleanOf(value: string): boolean | undefined {
  const lower = value.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

const MYSQL_MODES: Readonly<Record<string, SslMode>> = {
  DISABLED: 'disable',
  REQUIRED: 'require',
  VERIFY_CA: 'verify-ca',
  VERIFY_IDENTITY: 'verify-full',
};

/** The options given once each, by the option they are; refused and repeated names become problems. */
function sortOptions(
  type: EngineType,
  options: UriOption[],
  source: OptionSource,
  problems: UriProblem[],
): Map<string, UriOption> {
  const allowed = { ...ALLOWED[type], ...(source === 'jdbc' ? JDBC_ACCOUNT[type] : {}) };
  const given = new Map<string, UriOption>();
  for (const option of options) {
    const key = option.name.toLowerCase();
    const id = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (id === undefined) {
      problems.push({
        code: FetErrorCode.UnexpectedFields,
        field: option.name,
        why: 'is not an allowed option',
      });
    } else if (given.has(id)) {
      problems.push({
        code: FetErrorCode.BadRequest,
        field: option.name,
        why: 'must be given once',
      });
    } else {
      given.set(id, option);
    }
  }
  return given;
}

/**
 * Maps a URI's options onto the create body's fields through the engine's allowlist (spec §3.12):
 * TLS options → `sslMode`, the PostgreSQL schema options → `schema`, MongoDB's → `metadata`, JDBC
 * account properties → `databaseName`/`userName`/`password`. Every other option is FET-0400 under
 * its own name; a TLS option the service cannot honour, or TLS options that contradict each other,
 * FET-0413. No `why` ever quotes a value.
 */
export function readOptions(
  type: EngineType,
  options: UriOption[],
  source: OptionSource,
): OptionsReading {
  const problems: UriProblem[] = [];
  const given = sortOptions(type, options, source, problems);
  const reading: OptionsReading = { metadata: {}, problems };
  const tls = (option: UriOption, why: string) =>
    problems.push({ code: FetErrorCode.InvalidSslConfiguration, field: option.name, why });
  const option = (id: string) => given.get(id);

  const database = option('databaseName');
  if (database) reading.databaseName = database.value;
  const user = option('user');
  if (user) reading.userName = user.value;
  const password = option('password');
  if (password) reading.password = password.value;

  switch (type) {
    case 'POSTGRESQL': {
      const sslmode = option('sslmode');
      if (sslmode) {
        const mode = sslmode.value.toLowerCase();
        if ((SSL_MODES as readonly string[]).includes(mode)) reading.sslMode = mode as SslMode;
        else if (mode === 'allow' || mode === 'prefer')
          tls(sslmode, `allow and prefer: ${NO_FALLBACK}; use ${MODES_IN_WORDS}`);
        else tls(sslmode, `must be ${MODES_IN_WORDS}`);
      }
      const currentSchema = option('currentSchema');
      if (currentSchema) reading.schema = currentSchema.value;
      const pgOptions = option('options');
      if (pgOptions) {
        const schema = searchPathOf(pgOptions.value);
        if (schema === undefined) {
          problems.push({
            code: FetErrorCode.UnexpectedFields,
            field: pgOptions.name,
            why: 'may only set the schema: -c search_path=<one schema>',
          });
        } else if (reading.schema !== undefined && reading.schema !== schema) {
          problems.push({
            code: FetErrorCode.BadRequest,
            field: pgOptions.name,
            why: 'must name the same schema as currentSchema',
          });
        } else {
          reading.schema = schema;
        }
      }
      break;
    }
    case 'MYSQL': {
      const sslMode = option('sslMode');
      if (sslMode) {
        const mode = sslMode.value.toUpperCase();
        if (Object.hasOwn(MYSQL_MODES, mode)) reading.sslMode = MYSQL_MODES[mode];
        else if (mode === 'PREFERRED')
          tls(
            sslMode,
            `PREFERRED ${NO_FALLBACK}; use DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY`,
          );
        else tls(sslMode, 'must be DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY');
      }
      break;
    }
    case 'SQL_SERVER': {
      const encryptOption = option('encrypt');
      const trustOption = option('trustServerCertificate');
      const encrypt = encryptOption && booleanOf(encryptOption.value);
      const trust = trustOption && booleanOf(trustOption.value);
      if (encryptOption && encrypt === undefined) tls(encryptOption, 'must be true or false');
      if (trustOption && trust === undefined) tls(trustOption, 'must be true or false');
      if (trustOption && trust === true && encrypt !== true) {
        tls(
          trustOption,
          'needs encrypt=true (a certificate is trusted only on an encrypted connection)',
        );
      }
      if (encrypt === true) reading.sslMode = trust === true ? 'require' : 'verify-full';
      if (encrypt === false) reading.sslMode = 'disable';
      break;
    }
    case 'MONGODB': {
      const tlsOption = option('tls');
      const insecureOption = option('tlsAllowInvalidCertificates');
      const on = tlsOption && booleanOf(tlsOption.value);
      const insecure = insecureOption && booleanOf(insecureOption.value);
      if (tlsOption && on === undefined) tls(tlsOption, 'must be true or false');
      if (insecureOption && insecure === undefined) tls(insecureOption, 'must be true or false');
      if (insecureOption && insecure === true && on !== true) {
        tls(insecureOption, 'needs tls=true (certificates are checked only on a TLS connection)');
      }
      if (on === true) reading.sslMode = insecure === true ? 'require' : 'verify-full';
      if (on === false) reading.sslMode = 'disable';
      for (const key of ['authSource', 'replicaSet'] as const) {
        const value = option(key)?.value;
        if (value !== undefined) reading.metadata[key] = value;
      }
      const direct = option('directConnection')?.value;
      if (direct !== undefined) {
        const flag = booleanOf(direct);
        reading.metadata.directConnection = flag === undefined ? direct : String(flag);
      }
      break;
    }
    case 'ORACLE':
      break;
  }
  return reading;
}

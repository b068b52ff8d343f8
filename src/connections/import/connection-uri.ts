import { EngineType } from '../../engines/engine';
import { JdbcParts, readJdbcOracle, readJdbcSqlServer } from './jdbc-uri';
import { OptionSource, readOptions } from './uri-options';
import {
  UnreadableUri,
  UriOption,
  UriReading,
  percentDecoded,
  queryOptions,
  unreadable,
} from './uri-reading';

/** A URI longer than this (UTF-8 bytes) is not read at all (spec §3.12). */
export const URI_MAX_BYTES = 4096;

/** The port of each engine when the URI gives none. */
export const DEFAULT_PORTS: Readonly<Record<EngineType, number>> = {
  POSTGRESQL: 5432,
  MYSQL: 3306,
  SQL_SERVER: 1433,
  ORACLE: 1521,
  MONGODB: 27017,
};

/** URL schemes (lower case; a URI's scheme is matched case-insensitively) → engine. */
const URL_SCHEMES: Readonly<Record<string, EngineType>> = {
  postgres: 'POSTGRESQL',
  postgresql: 'POSTGRESQL',
  mysql: 'MYSQL',
  mariadb: 'MYSQL',
  sqlserver: 'SQL_SERVER',
  mssql: 'SQL_SERVER',
  oracle: 'ORACLE',
  mongodb: 'MONGODB',
};

const JDBC_SQLSERVER = 'jdbc:sqlserver://';
const JDBC_ORACLE = 'jdbc:oracle:thin:@//';

export const ACCEPTED_FORMS =
  'postgresql://, postgres://, mysql://, mariadb://, sqlserver://, mssql://, jdbc:sqlserver://, oracle://, jdbc:oracle:thin:@//, mongodb://';

/** The parts of a URL form, each %-decoded (undefined where the URL has none). */
interface UrlParts {
  host: string;
  port?: number;
  userName?: string;
  password?: string;
  database?: string;
  options: UriOption[];
}

/** `scheme://[user[:password]@]host[:port][/database][?options]`, read with WHATWG URL. */
function readUrl(text: string): UrlParts {
  if (text.includes('#'))
    throw new UnreadableUri('must not have a #fragment (write # in a password as %23)');
  if (/\s/.test(text)) throw new UnreadableUri('must not contain spaces (percent-encode them)');
  const afterScheme = text.slice(text.indexOf(':') + 1);
  if (!afterScheme.startsWith('//')) throw new UnreadableUri('must have // after the scheme');
  const authority = afterScheme.slice(2).split(/[/?]/, 1)[0];
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPart.includes(',')) throw new UnreadableUri('must name exactly one host');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The error carries the input (the password with it): translated, never kept.
    throw new UnreadableUri('is not a well-formed URI');
  }
  if (url.hostname === '') throw new UnreadableUri('must name a host');
  // The host as written (WHATWG would rewrite an IPv6 literal: `::ffff:127.0.0.1` → `::ffff:7f00:1`),
  // stored like create stores it: an IPv6 literal without its brackets.
  const host = hostPart.startsWith('[')
    ? hostPart.slice(1, hostPart.indexOf(']'))
    : hostPart.split(':')[0];
  const path = url.pathname === '' || url.pathname === '/' ? undefined : url.pathname.slice(1);
  if (path?.includes('/'))
    throw new UnreadableUri('must have at most one path segment: the database');
  const decodedOrNone = (part: string) => (part === '' ? undefined : percentDecoded(part));
  return {
    host: percentDecoded(host),
    port: url.port === '' ? undefined : Number(url.port),
    userName: decodedOrNone(url.username),
    password: decodedOrNone(url.password),
    database: path === undefined ? undefined : percentDecoded(path),
    options: queryOptions(url.search.slice(1)),
  };
}

/** The engine, the source of its options and its parts, by the URI's scheme. */
function readParts(text: string): { type: EngineType; source: OptionSource; parts: UrlParts } {
  const lower = text.toLowerCase();
  const jdbc = (type: EngineType, parts: JdbcParts) => ({
    type,
    source: 'jdbc' as const,
    parts: { host: parts.host, port: parts.port, database: parts.service, options: parts.options },
  });
  if (lower.startsWith(JDBC_SQLSERVER))
    return jdbc('SQL_SERVER', readJdbcSqlServer(text.slice(JDBC_SQLSERVER.length)));
  if (lower.startsWith(JDBC_ORACLE))
    return jdbc('ORACLE', readJdbcOracle(text.slice(JDBC_ORACLE.length)));
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(lower)?.[1];
  if (scheme === 'mongodb+srv') {
    throw new UnreadableUri(
      'mongodb+srv:// is not supported: give one host as mongodb://host[:port]',
    );
  }
  const type =
    scheme !== undefined && Object.hasOwn(URL_SCHEMES, scheme) ? URL_SCHEMES[scheme] : undefined;
  if (type === undefined) throw new UnreadableUri(`must start with one of ${ACCEPTED_FORMS}`);
  return { type, source: 'url', parts: readUrl(text) };
}

const hasControlCharacter = (text: string) =>
  [...text].some((char) => char < ' ' || char === '\u007f');

const present = <K extends string>(key: K, value: string | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;

/**
 * Reads a connection URI (spec §3.12) into the create body's fields: `type` from the scheme, the
 * host (an IPv6 literal without brackets), the port or the engine's default, the database (the
 * path; Oracle's service; `databaseName=` in jdbc:sqlserver), the account (the userinfo,
 * %-decoded; `user=`/`password=` in the JDBC forms) and the allowlisted options (uri-options.ts).
 * A MongoDB URI without `authSource` authenticates against its path's database, as MongoDB's own
 * drivers do, so that database is its implied `metadata.authSource`.
 *
 * Values that are stored as text (all but the password) must not decode to control characters.
 *
 * Pure, and never quotes the URI: a problem names `uri` or an option, and says why in its own words.
 */
export function readConnectionUri(text: string): UriReading {
  if (Buffer.byteLength(text, 'utf8') > URI_MAX_BYTES) return unreadable('must be at most 4 KiB');
  if (hasControlCharacter(text)) {
    return unreadable('must not contain control characters');
  }
  let read: ReturnType<typeof readParts>;
  try {
    read = readParts(text);
  } catch (error) {
    if (error instanceof UnreadableUri) return unreadable(error.why);
    throw error;
  }
  const { type, source, parts } = read;
  const options = readOptions(type, parts.options, source);
  const databaseName = parts.database ?? options.databaseName;
  const userName = source === 'url' ? parts.userName : options.userName;
  const stored = [
    parts.host,
    databaseName,
    userName,
    options.schema,
    ...Object.values(options.metadata),
  ];
  if (stored.some((value) => value !== undefined && hasControlCharacter(value))) {
    return unreadable('must not encode control characters (%00 to %1F, %7F) but in the password');
  }
  const impliedMetadata: Record<string, string> =
    type === 'MONGODB' && options.metadata.authSource === undefined && databaseName !== undefined
      ? { authSource: databaseName }
      : {};
  return {
    connection: {
      type,
      host: parts.host,
      port: parts.port ?? DEFAULT_PORTS[type],
      ...(databaseName === undefined ? {} : { databaseName }),
      ...present('userName', userName),
      ...present('password', source === 'url' ? parts.password : options.password),
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      ...(options.sslMode === undefined ? {} : { sslMode: options.sslMode }),
      metadata: options.metadata,
      impliedMetadata,
    },
    problems: options.problems,
  };
}

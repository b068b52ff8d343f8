import { FetErrorCode } from '../../common/errors/fet-error-code';
import { readConnectionUri, URI_MAX_BYTES } from './connection-uri';
import { UriConnection } from './uri-reading';

/** A readable URI without problems: the connection holds at least these fields. */
type Reads = { reads: Partial<UriConnection> };
/** Problems (every one of this code, exactly these `fields` keys); `reads` when the URI stays readable. */
type Refused = { code: string; fields: string[]; reads?: Partial<UriConnection> };

function check(uri: string, expected: Reads | Refused): void {
  const reading = readConnectionUri(uri);
  if ('code' in expected) {
    expect(reading.problems.map((problem) => problem.code)).toEqual(
      reading.problems.map(() => expected.code),
    );
    expect(reading.problems.map((problem) => problem.field).sort()).toEqual(
      [...expected.fields].sort(),
    );
    if (expected.reads) expect(reading.connection).toMatchObject(expected.reads);
    if (expected.fields.includes('uri')) expect(reading.connection).toBeUndefined();
  } else {
    expect(reading.problems).toEqual([]);
    expect(reading.connection).toMatchObject(expected.reads);
  }
}

const PASSWORD_CHARS = 'p@:/?#%w';
const ENCODED_PASSWORD = 'p%40%3A%2F%3F%23%25w';

describe('readConnectionUri: every form of spec §3.12', () => {
  it.each<[string, string, Reads]>([
    [
      'postgres://',
      'postgres://u:pw@db.example.com:6543/app',
      {
        reads: {
          type: 'POSTGRESQL',
          host: 'db.example.com',
          port: 6543,
          databaseName: 'app',
          userName: 'u',
          password: 'pw',
        },
      },
    ],
    [
      'postgresql:// (default port 5432)',
      'postgresql://u:pw@db.example.com/app',
      { reads: { type: 'POSTGRESQL', port: 5432, databaseName: 'app' } },
    ],
    [
      'mysql:// (default port 3306)',
      'mysql://u:pw@db.example.com/app',
      {
        reads: {
          type: 'MYSQL',
          host: 'db.example.com',
          port: 3306,
          databaseName: 'app',
          userName: 'u',
          password: 'pw',
        },
      },
    ],
    [
      'mariadb://',
      'mariadb://u:pw@db.example.com:3307/app',
      { reads: { type: 'MYSQL', port: 3307 } },
    ],
    [
      'sqlserver:// (default port 1433)',
      'sqlserver://u:pw@db.example.com/app',
      {
        reads: {
          type: 'SQL_SERVER',
          port: 1433,
          databaseName: 'app',
          userName: 'u',
          password: 'pw',
        },
      },
    ],
    [
      'mssql://',
      'mssql://u:pw@db.example.com:14330/app',
      { reads: { type: 'SQL_SERVER', port: 14330, databaseName: 'app' } },
    ],
    [
      'oracle:// (default port 1521, the path is the service)',
      'oracle://u:pw@db.example.com/ORCLPDB1',
      {
        reads: {
          type: 'ORACLE',
          port: 1521,
          databaseName: 'ORCLPDB1',
          userName: 'u',
          password: 'pw',
        },
      },
    ],
    [
      'oracle:// with a port and a dotted service',
      'oracle://u:pw@db.example.com:1522/sales.example.com',
      { reads: { port: 1522, databaseName: 'sales.example.com' } },
    ],
    [
      'mongodb:// (default port 27017, the database is the implied authSource)',
      'mongodb://u:pw@db.example.com/app',
      {
        reads: {
          type: 'MONGODB',
          port: 27017,
          databaseName: 'app',
          metadata: {},
          impliedMetadata: { authSource: 'app' },
        },
      },
    ],
    [
      'mongodb:// with a port and no database',
      'mongodb://u:pw@db.example.com:27018',
      { reads: { type: 'MONGODB', port: 27018, impliedMetadata: {} } },
    ],
    [
      'jdbc:sqlserver:// (properties, default port)',
      'jdbc:sqlserver://db.example.com;databaseName=app;user=u;password=pw',
      {
        reads: {
          type: 'SQL_SERVER',
          host: 'db.example.com',
          port: 1433,
          databaseName: 'app',
          userName: 'u',
          password: 'pw',
        },
      },
    ],
    [
      'jdbc:sqlserver:// with a port and a trailing ;',
      'jdbc:sqlserver://db.example.com:1533;databaseName=app;user=u;password=pw;',
      { reads: { port: 1533 } },
    ],
    [
      'jdbc:sqlserver:// property names in any case, blanks around them',
      'jdbc:sqlserver://h; DATABASENAME = app ;User=u;PassWord=pw',
      { reads: { databaseName: 'app', userName: 'u', password: 'pw' } },
    ],
    [
      'jdbc:sqlserver:// a braced password keeps ; and }}',
      'jdbc:sqlserver://h;databaseName=d;user=u;password={p;w}}x }',
      { reads: { password: 'p;w}x ' } },
    ],
    [
      'jdbc:sqlserver:// a raw password with @:/?#% (JDBC does not %-decode)',
      `jdbc:sqlserver://h;databaseName=d;user=u;password=${PASSWORD_CHARS}`,
      { reads: { password: PASSWORD_CHARS } },
    ],
    [
      'jdbc:oracle:thin:@// with ?user=&password= (%-decoded)',
      `jdbc:oracle:thin:@//db.example.com:1522/svc?user=u&password=${ENCODED_PASSWORD}`,
      {
        reads: {
          type: 'ORACLE',
          host: 'db.example.com',
          port: 1522,
          databaseName: 'svc',
          userName: 'u',
          password: PASSWORD_CHARS,
        },
      },
    ],
    [
      'jdbc:oracle:thin:@// default port',
      'jdbc:oracle:thin:@//db.example.com/svc?user=u&password=pw',
      { reads: { port: 1521 } },
    ],
    [
      'jdbc:oracle:thin:@// with ;user=;password= (raw)',
      `jdbc:oracle:thin:@//db.example.com/svc;user=u;password=${PASSWORD_CHARS}`,
      { reads: { userName: 'u', password: PASSWORD_CHARS } },
    ],
  ])('%s', (_name, uri, expected) => check(uri, expected));
});

describe('readConnectionUri: scheme case, percent-decoding, IPv6', () => {
  it.each<[string, string, Reads]>([
    ['POSTGRESQL:// upper case', 'POSTGRESQL://u:pw@h/app', { reads: { type: 'POSTGRESQL' } }],
    ['PostGres:// mixed case', 'PostGres://u:pw@h/app', { reads: { type: 'POSTGRESQL' } }],
    ['MariaDB://', 'MariaDB://u:pw@h/app', { reads: { type: 'MYSQL' } }],
    ['MongoDB://', 'MongoDB://u:pw@h/app', { reads: { type: 'MONGODB' } }],
    [
      'JDBC:SQLServer://',
      'JDBC:SQLServer://h;databaseName=d;user=u;password=pw',
      { reads: { type: 'SQL_SERVER' } },
    ],
    [
      'JDBC:Oracle:Thin:@//',
      'JDBC:Oracle:Thin:@//h/svc?user=u&password=pw',
      { reads: { type: 'ORACLE' } },
    ],
    [
      'a password with @:/?#% survives %-encoded (postgres)',
      `postgres://u:${ENCODED_PASSWORD}@h/app`,
      { reads: { password: PASSWORD_CHARS, host: 'h' } },
    ],
    [
      'a password with @:/?#% survives %-encoded (mysql)',
      `mysql://u:${ENCODED_PASSWORD}@h/app`,
      { reads: { password: PASSWORD_CHARS } },
    ],
    [
      'a password with @:/?#% survives %-encoded (mongodb)',
      `mongodb://u:${ENCODED_PASSWORD}@h/app`,
      { reads: { password: PASSWORD_CHARS } },
    ],
    [
      'a password with @:/?#% survives %-encoded (sqlserver)',
      `sqlserver://u:${ENCODED_PASSWORD}@h/app`,
      { reads: { password: PASSWORD_CHARS } },
    ],
    [
      'a password with @:/?#% survives %-encoded (oracle)',
      `oracle://u:${ENCODED_PASSWORD}@h/svc`,
      { reads: { password: PASSWORD_CHARS } },
    ],
    [
      'a user name %-decoded',
      'postgres://report%40acme:pw@h/app',
      { reads: { userName: 'report@acme' } },
    ],
    [
      'UTF-8 %-encoding decoded',
      'postgres://u:p%C3%A9%E2%82%AC@h/app',
      { reads: { password: 'pé€' } },
    ],
    ['a raw non-ASCII password', 'postgres://u:pé@h/app', { reads: { password: 'pé' } }],
    [
      'a raw @ in the password: the last @ ends the userinfo',
      'postgres://u:p@ss@h/app',
      { reads: { password: 'p@ss', host: 'h' } },
    ],
    ['the database %-decoded', 'postgres://u:pw@h/my%20db', { reads: { databaseName: 'my db' } }],
    [
      'the host %-decoded',
      'postgres://u:pw@db%2Eexample.com/app',
      { reads: { host: 'db.example.com' } },
    ],
    ['IPv6 [::1] → ::1', 'postgres://u:pw@[::1]:5433/app', { reads: { host: '::1', port: 5433 } }],
    [
      'an IPv6 literal as written (not as WHATWG rewrites it)',
      'postgres://u:pw@[::FFFF:127.0.0.1]:5433/app',
      { reads: { host: '::FFFF:127.0.0.1' } },
    ],
    [
      'IPv6 without a port',
      'mongodb://u:pw@[2001:db8::5]/app',
      { reads: { host: '2001:db8::5', port: 27017 } },
    ],
    [
      'IPv6 in jdbc:sqlserver',
      'jdbc:sqlserver://[::1]:1433;databaseName=d;user=u;password=pw',
      { reads: { host: '::1', port: 1433 } },
    ],
    [
      'IPv6 in jdbc:oracle',
      'jdbc:oracle:thin:@//[::1]:1521/svc?user=u&password=pw',
      { reads: { host: '::1', databaseName: 'svc' } },
    ],
    ['an empty port is the default', 'postgres://u:pw@h:/app', { reads: { port: 5432 } }],
  ])('%s', (_name, uri, expected) => check(uri, expected));
});

describe('readConnectionUri: what the URI does not say is left to the create rules (FET-0402 there)', () => {
  it.each<[string, string, string[]]>([
    ['no userinfo', 'postgres://h/app', ['userName', 'password']],
    ['no password', 'postgres://u@h/app', ['password']],
    ['an empty password', 'postgres://u:@h/app', ['password']],
    ['no database (no path)', 'postgres://u:pw@h', ['databaseName']],
    ['no database (an empty path)', 'mysql://u:pw@h/', ['databaseName']],
    [
      'jdbc:sqlserver without database and password',
      'jdbc:sqlserver://h;user=u',
      ['databaseName', 'password'],
    ],
    [
      'jdbc:oracle without a service',
      'jdbc:oracle:thin:@//h:1521?user=u&password=pw',
      ['databaseName'],
    ],
  ])('%s', (_name, uri, absent) => {
    const reading = readConnectionUri(uri);
    expect(reading.problems).toEqual([]);
    for (const key of ['userName', 'password', 'databaseName']) {
      if (absent.includes(key)) expect(reading.connection).not.toHaveProperty(key);
      else expect(reading.connection).toHaveProperty(key);
    }
  });
});

describe('readConnectionUri: the option allowlist of each engine', () => {
  it.each<[string, string, Reads | Refused]>([
    [
      'PostgreSQL sslmode=disable',
      'postgres://u:pw@h/d?sslmode=disable',
      { reads: { sslMode: 'disable' } },
    ],
    [
      'PostgreSQL sslmode=require',
      'postgres://u:pw@h/d?sslmode=require',
      { reads: { sslMode: 'require' } },
    ],
    [
      'PostgreSQL sslmode=verify-ca',
      'postgres://u:pw@h/d?sslmode=verify-ca',
      { reads: { sslMode: 'verify-ca' } },
    ],
    [
      'PostgreSQL sslmode=verify-full',
      'postgres://u:pw@h/d?sslmode=verify-full',
      { reads: { sslMode: 'verify-full' } },
    ],
    [
      'PostgreSQL SSLMODE=Require (names and values in any case)',
      'postgres://u:pw@h/d?SSLMODE=Require',
      { reads: { sslMode: 'require' } },
    ],
    [
      'PostgreSQL sslmode=allow → FET-0413',
      'postgres://u:pw@h/d?sslmode=allow',
      { code: 'FET-0413', fields: ['sslmode'] },
    ],
    [
      'PostgreSQL sslmode=prefer → FET-0413',
      'postgres://u:pw@h/d?sslmode=prefer',
      { code: 'FET-0413', fields: ['sslmode'] },
    ],
    [
      'PostgreSQL sslmode=sometimes → FET-0413',
      'postgres://u:pw@h/d?sslmode=sometimes',
      { code: 'FET-0413', fields: ['sslmode'] },
    ],
    [
      'PostgreSQL currentSchema → schema',
      'postgres://u:pw@h/d?currentSchema=sales',
      { reads: { schema: 'sales' } },
    ],
    [
      'PostgreSQL options=-c search_path=<schema> → schema',
      'postgres://u:pw@h/d?options=-c%20search_path%3Dsales',
      { reads: { schema: 'sales' } },
    ],
    [
      'PostgreSQL options=-csearch_path=<schema>',
      'postgres://u:pw@h/d?options=-csearch_path=sales',
      { reads: { schema: 'sales' } },
    ],
    [
      'PostgreSQL options: a quoted schema keeps its case',
      'postgres://u:pw@h/d?options=-c%20search_path%3D%22Sales%22',
      { reads: { schema: 'Sales' } },
    ],
    [
      'PostgreSQL currentSchema and options naming the same schema',
      'postgres://u:pw@h/d?currentSchema=s&options=-c%20search_path%3Ds',
      { reads: { schema: 's' } },
    ],
    [
      'PostgreSQL currentSchema and options disagreeing → FET-0001',
      'postgres://u:pw@h/d?currentSchema=a&options=-c%20search_path%3Db',
      { code: 'FET-0001', fields: ['options'] },
    ],
    [
      'PostgreSQL options setting anything else → FET-0400',
      'postgres://u:pw@h/d?options=-c%20statement_timeout%3D0',
      { code: 'FET-0400', fields: ['options'] },
    ],
    [
      'PostgreSQL options with two schemas → FET-0400',
      'postgres://u:pw@h/d?options=-c%20search_path%3Da%2Cb',
      { code: 'FET-0400', fields: ['options'] },
    ],
    [
      'MySQL ssl-mode=DISABLED',
      'mysql://u:pw@h/d?ssl-mode=DISABLED',
      { reads: { sslMode: 'disable' } },
    ],
    [
      'MySQL ssl-mode=REQUIRED',
      'mysql://u:pw@h/d?ssl-mode=REQUIRED',
      { reads: { sslMode: 'require' } },
    ],
    [
      'MySQL sslMode=VERIFY_CA',
      'mysql://u:pw@h/d?sslMode=VERIFY_CA',
      { reads: { sslMode: 'verify-ca' } },
    ],
    [
      'MySQL sslMode=verify_identity (case-insensitive)',
      'mysql://u:pw@h/d?sslMode=verify_identity',
      { reads: { sslMode: 'verify-full' } },
    ],
    [
      'MySQL ssl-mode=PREFERRED → FET-0413',
      'mariadb://u:pw@h/d?ssl-mode=PREFERRED',
      { code: 'FET-0413', fields: ['ssl-mode'] },
    ],
    [
      'MySQL ssl-mode twice (both spellings) → FET-0001 on the second',
      'mysql://u:pw@h/d?ssl-mode=REQUIRED&sslMode=REQUIRED',
      { code: 'FET-0001', fields: ['sslMode'] },
    ],
    [
      'SQL Server encrypt=true → verify-full',
      'sqlserver://u:pw@h/d?encrypt=true',
      { reads: { sslMode: 'verify-full' } },
    ],
    [
      'SQL Server encrypt=false → disable',
      'sqlserver://u:pw@h/d?encrypt=false',
      { reads: { sslMode: 'disable' } },
    ],
    [
      'SQL Server encrypt=true + trustServerCertificate=true → require',
      'sqlserver://u:pw@h/d?encrypt=true&trustServerCertificate=true',
      { reads: { sslMode: 'require' } },
    ],
    [
      'SQL Server encrypt=true + trustServerCertificate=false → verify-full',
      'mssql://u:pw@h/d?encrypt=TRUE&trustServerCertificate=false',
      { reads: { sslMode: 'verify-full' } },
    ],
    [
      'SQL Server trustServerCertificate=true without encrypt → FET-0413',
      'sqlserver://u:pw@h/d?trustServerCertificate=true',
      { code: 'FET-0413', fields: ['trustServerCertificate'] },
    ],
    [
      'SQL Server trustServerCertificate=true with encrypt=false → FET-0413',
      'sqlserver://u:pw@h/d?encrypt=false&trustServerCertificate=true',
      { code: 'FET-0413', fields: ['trustServerCertificate'] },
    ],
    [
      'SQL Server encrypt=strict → FET-0413',
      'sqlserver://u:pw@h/d?encrypt=strict',
      { code: 'FET-0413', fields: ['encrypt'] },
    ],
    [
      'jdbc:sqlserver encrypt=true;trustServerCertificate=true → require',
      'jdbc:sqlserver://h;databaseName=d;user=u;password=pw;encrypt=true;trustServerCertificate=true',
      { reads: { sslMode: 'require' } },
    ],
    [
      'MongoDB tls=true → verify-full',
      'mongodb://u:pw@h/d?tls=true',
      { reads: { sslMode: 'verify-full' } },
    ],
    [
      'MongoDB ssl=false → disable',
      'mongodb://u:pw@h/d?ssl=false',
      { reads: { sslMode: 'disable' } },
    ],
    [
      'MongoDB tls=true + tlsAllowInvalidCertificates=true → require',
      'mongodb://u:pw@h/d?tls=true&tlsAllowInvalidCertificates=true',
      { reads: { sslMode: 'require' } },
    ],
    [
      'MongoDB tlsAllowInvalidCertificates=true without TLS → FET-0413',
      'mongodb://u:pw@h/d?tlsAllowInvalidCertificates=true',
      { code: 'FET-0413', fields: ['tlsAllowInvalidCertificates'] },
    ],
    [
      'MongoDB tlsAllowInvalidCertificates=true with tls=false → FET-0413',
      'mongodb://u:pw@h/d?tls=false&tlsAllowInvalidCertificates=true',
      { code: 'FET-0413', fields: ['tlsAllowInvalidCertificates'] },
    ],
    [
      'MongoDB tls and ssl together → FET-0001 (one option, given twice)',
      'mongodb://u:pw@h/d?tls=true&ssl=true',
      { code: 'FET-0001', fields: ['ssl'] },
    ],
    [
      'MongoDB authSource, replicaSet, directConnection → metadata',
      'mongodb://u:pw@h/d?authSource=admin&replicaSet=rs0&directConnection=TRUE',
      {
        reads: {
          metadata: { authSource: 'admin', replicaSet: 'rs0', directConnection: 'true' },
          impliedMetadata: {},
        },
      },
    ],
    [
      'MongoDB directConnection=maybe is kept for the engine rule to refuse',
      'mongodb://u:pw@h/d?directConnection=maybe',
      { reads: { metadata: { directConnection: 'maybe' } } },
    ],
    [
      'option values are %-decoded',
      'mongodb://u:pw@h/d?replicaSet=rs%200',
      { reads: { metadata: { replicaSet: 'rs 0' } } },
    ],
  ])('%s', (_name, uri, expected) => check(uri, expected));
});

describe('readConnectionUri: every other option is refused (FET-0400 naming it)', () => {
  it.each<[string, string, string[]]>([
    ["libpq's host=", 'postgres://u:pw@h/d?host=evil.example', ['host']],
    ["libpq's hostaddr=", 'postgres://u:pw@h/d?hostaddr=10.0.0.1', ['hostaddr']],
    [
      "libpq's sslrootcert=",
      'postgres://u:pw@h/d?sslmode=verify-full&sslrootcert=/etc/passwd',
      ['sslrootcert'],
    ],
    ["libpq's passfile=", 'postgres://u:pw@h/d?passfile=/root/.pgpass', ['passfile']],
    ["libpq's sslkey= and port=", 'postgresql://u:pw@h/d?sslkey=/k&port=1', ['sslkey', 'port']],
    ["libpq's password= in the query", 'postgres://u@h/d?password=pw', ['password']],
    ["MySQL's socketPath", 'mysql://u:pw@h/d?socketPath=/var/run/mysqld.sock', ['socketPath']],
    ["MySQL's localInfile", 'mysql://u:pw@h/d?localInfile=true', ['localInfile']],
    [
      "MySQL's allowPublicKeyRetrieval",
      'mariadb://u:pw@h/d?allowPublicKeyRetrieval=true',
      ['allowPublicKeyRetrieval'],
    ],
    ["MongoDB's tlsCAFile", 'mongodb://u:pw@h/d?tls=true&tlsCAFile=/etc/ssl/ca.pem', ['tlsCAFile']],
    [
      "MongoDB's tlsInsecure and authMechanism",
      'mongodb://u:pw@h/d?tlsInsecure=true&authMechanism=PLAIN',
      ['tlsInsecure', 'authMechanism'],
    ],
    [
      'sqlserver:// user= (the URL form takes the account from its userinfo)',
      'sqlserver://u:pw@h/d?user=sa',
      ['user'],
    ],
    [
      'sqlserver:// database= (the URL form takes it from its path)',
      'sqlserver://u:pw@h/d?database=master',
      ['database'],
    ],
    [
      "jdbc:sqlserver's integratedSecurity and serverName",
      'jdbc:sqlserver://h;databaseName=d;user=u;password=pw;integratedSecurity=true;serverName=evil',
      ['integratedSecurity', 'serverName'],
    ],
    [
      'oracle:// user= (only the JDBC form reads the account from options)',
      'oracle://u:pw@h/svc?user=x',
      ['user'],
    ],
    ['an option named __proto__', 'postgres://u:pw@h/d?__proto__=x', ['__proto__']],
    ['an option with an empty value', 'postgres://u:pw@h/d?connect_timeout', ['connect_timeout']],
  ])('%s', (_name, uri, fields) => {
    const reading = readConnectionUri(uri);
    expect(reading.connection).toBeDefined();
    expect(
      reading.problems
        .filter((problem) => problem.code === FetErrorCode.UnexpectedFields)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual([...fields].sort());
  });

  it('maps the allowed options of a URI that also carries refused ones', () => {
    check('postgres://u:pw@h/d?host=a&sslmode=verify-ca&hostaddr=b', {
      code: 'FET-0400',
      fields: ['host', 'hostaddr'],
      reads: { sslMode: 'verify-ca', host: 'h' },
    });
  });
});

describe('readConnectionUri: a URI that cannot be read is FET-0001 on uri', () => {
  it.each<[string, string]>([
    ['mongodb+srv://', 'mongodb+srv://u:pw@cluster0.example.com/app'],
    ['MONGODB+SRV:// in upper case', 'MONGODB+SRV://u:pw@cluster0.example.com/app'],
    ['several MongoDB hosts', 'mongodb://u:pw@h1:27017,h2:27017/app'],
    ['several hosts without ports', 'mongodb://u:pw@h1,h2/app?replicaSet=rs0'],
    ['several PostgreSQL hosts', 'postgres://u:pw@h1,h2/app'],
    ['several jdbc:sqlserver hosts', 'jdbc:sqlserver://h1,h2;databaseName=d;user=u;password=pw'],
    ['a URI over 4 KiB', `postgres://u:pw@h/d?currentSchema=${'a'.repeat(URI_MAX_BYTES)}`],
    ['a URI over 4 KiB in UTF-8 bytes, not characters', `postgres://u:${'é'.repeat(2100)}@h/d`],
    ['an unknown scheme', 'redis://u:pw@h:6379/0'],
    ['http://', 'http://u:pw@h/d'],
    ['a JDBC form that is not accepted', 'jdbc:mysql://h:3306/d?user=u&password=pw'],
    ['the Oracle SID form', 'jdbc:oracle:thin:@h:1521:ORCL'],
    ['no scheme', 'db.example.com:5432/app'],
    ['a #fragment', 'postgres://u:pw@h/app#frag'],
    ['an empty #fragment', 'postgres://u:pw@h/app#'],
    ['an unencoded # in the password', 'postgres://u:p#w@h/app'],
    [
      'a #fragment after the options of jdbc:oracle',
      'jdbc:oracle:thin:@//h/svc?user=u&password=p#w',
    ],
    ['malformed %-encoding in the password', 'postgres://u:p%zz@h/app'],
    ['malformed %-encoding in the database', 'postgres://u:pw@h/d%E0%A4%A'],
    ['malformed %-encoding in an option', 'postgres://u:pw@h/d?sslmode=%G1'],
    ['an option without a name', 'postgres://u:pw@h/d?=x'],
    ['no // after the scheme', 'postgres:u:pw@h/app'],
    ['no host (a socket)', 'postgres:///app'],
    ['userinfo and no host', 'postgres://u:pw@/app'],
    ['a port out of range', 'postgres://u:pw@h:99999/app'],
    ['a port that is not a number', 'mysql://u:pw@h:port/app'],
    ['two path segments', 'postgres://u:pw@h/app/more'],
    ['a space', 'postgres://u:p w@h/app'],
    ['a control character', 'postgres://u:p\u0000w@h/app'],
    ['%00 in the user (stored as text)', 'postgres://u%00x:pw@h/app'],
    ['%0A in the database', 'postgres://u:pw@h/app%0A'],
    ['%00 in the host', 'postgres://u:pw@h%00x/app'],
    ['%1F in the schema', 'postgres://u:pw@h/app?currentSchema=s%1F'],
    ['%00 in a MongoDB option that goes to metadata', 'mongodb://u:pw@h/app?replicaSet=r%00s'],
    ['%7F in a jdbc:oracle user', 'jdbc:oracle:thin:@//h/svc?user=u%7F&password=pw'],
    ['jdbc:sqlserver without a host', 'jdbc:sqlserver://;serverName=h;databaseName=d'],
    ['jdbc:sqlserver with user@ before the host', 'jdbc:sqlserver://u:pw@h;databaseName=d'],
    ['jdbc:sqlserver with a path', 'jdbc:sqlserver://h:1433/d;user=u'],
    ['jdbc:sqlserver with a property without =', 'jdbc:sqlserver://h;databaseName=d;trusted'],
    ['jdbc:sqlserver with an unclosed brace', 'jdbc:sqlserver://h;databaseName=d;password={pw'],
    ['jdbc:sqlserver with text after a brace', 'jdbc:sqlserver://h;password={pw}x;user=u'],
    ['jdbc:sqlserver with a port that is not a number', 'jdbc:sqlserver://h:x;databaseName=d'],
    [
      'jdbc:oracle with more than a service',
      'jdbc:oracle:thin:@//h:1521/svc/extra?user=u&password=pw',
    ],
    ['jdbc:oracle with user/pw@ before the host', 'jdbc:oracle:thin:@//u/pw@h:1521/svc'],
    [
      'jdbc:oracle with an unclosed IPv6 bracket',
      'jdbc:oracle:thin:@//[::1/svc?user=u&password=pw',
    ],
    ['an empty URI', ''],
  ])('%s', (_name, uri) => check(uri, { code: 'FET-0001', fields: ['uri'] }));

  it('reads a URI of exactly 4 KiB', () => {
    const prefix = 'postgres://u:pw@h/d?currentSchema=';
    const uri = prefix + 's'.repeat(URI_MAX_BYTES - prefix.length);
    expect(Buffer.byteLength(uri)).toBe(URI_MAX_BYTES);
    expect(readConnectionUri(uri).problems).toEqual([]);
  });
});

describe('readConnectionUri never quotes the URI', () => {
  const MARK = 'mk7f3a';
  const marked = [
    `postgres://${MARK}u:${MARK}p@${MARK}h/${MARK}d?host=${MARK}v&sslmode=${MARK}m&options=${MARK}o`,
    `mysql://${MARK}u:${MARK}p@${MARK}h/${MARK}d?ssl-mode=${MARK}m&socketPath=${MARK}s`,
    `jdbc:sqlserver://${MARK}h;databaseName=${MARK}d;user=${MARK}u;password=${MARK}p;encrypt=${MARK}e;trustServerCertificate=${MARK}t`,
    `mongodb://${MARK}u:${MARK}p@${MARK}h/${MARK}d?tls=${MARK}t&tlsAllowInvalidCertificates=${MARK}i&tlsCAFile=${MARK}f`,
    `mongodb+srv://${MARK}u:${MARK}p@${MARK}h/${MARK}d`,
    `${MARK}://${MARK}u:${MARK}p@${MARK}h/${MARK}d`,
    `postgres://${MARK}u:${MARK}p@${MARK}h/${MARK}d#${MARK}f`,
    `postgres://${MARK}u:${MARK}p%zz@${MARK}h/${MARK}d`,
    `postgres://${MARK}u:${MARK}p@${MARK}h,${MARK}h2/${MARK}d`,
    `postgres://${MARK}u:${MARK}p@${MARK}h/${MARK}d?currentSchema=${MARK.repeat(800)}`,
  ];
  it.each(marked)('%s: no problem says anything of the URI but an option name', (uri) => {
    const reading = readConnectionUri(uri);
    expect(reading.problems.length).toBeGreaterThan(0);
    for (const problem of reading.problems) {
      expect(problem.why).not.toContain(MARK);
      if (problem.field.includes(MARK)) expect(problem.code).toBe('FET-0400');
    }
  });
});

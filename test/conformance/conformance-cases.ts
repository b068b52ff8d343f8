/**
 * THE CONFORMANCE TABLE: every case every engine runs through the DatabaseDriver interface, with
 * what each engine must answer. A runner per environment (test/conformance/*.e2e-spec.ts here,
 * *.engine-spec.ts against the compose servers) runs the whole table; what an engine cannot be
 * asked (`notApplicable`) or what its wire fake cannot answer (`fake`) is declared here, with why,
 * and listed by the runner in a test title — nothing is skipped silently.
 */
import {
  DiscoveredTable,
  DiscoveryOptions,
  DriverCallContext,
  DriverTarget,
  FailureReason,
  Stage,
} from '../../src/drivers/database-driver';
import { EngineType } from '../../src/engines/engine';
import { ConformanceServer, DriverCall } from './conformance-server';
import { FIXTURE_TABLES } from './fixture-tables';

export type CaseId =
  | 'probe'
  | 'wrong-password'
  | 'unknown-database'
  | 'permission-denied'
  | 'closed-port'
  | 'server-restart'
  | 'silent-port'
  | 'wrong-protocol'
  | 'deadline-mid-query'
  | 'tls-require'
  | 'tls-require-on-plain-server'
  | 'tls-verify-ca'
  | 'tls-verify-ca-other-name'
  | 'tls-verify-ca-wrong-ca'
  | 'tls-verify-ca-no-ca'
  | 'tls-verify-full'
  | 'tls-verify-full-wrong-name'
  | 'tls-disable-on-tls-only-account'
  | 'discovery'
  | 'discovery-second-schema'
  | 'discovery-wrong-password';

/** The call succeeds: a probe with this version and these measured stages, or this catalog. */
export type Succeeds =
  | { probes: { version: RegExp; stages: Stage[] } }
  | { discovers: (secondSchema: string) => DiscoveredTable[] };
/** The call rejects with a DriverError of this reason at this stage. */
export interface Fails {
  fails: FailureReason;
  stage: Stage;
}
/** The engine has no such situation (no second schema in a MongoDB connection). */
export interface NotApplicable {
  notApplicable: string;
}
/** What one engine must answer; `fake` = why its wire fake cannot answer it (the real server can). */
export type Expected = (Succeeds | Fails | NotApplicable) & { fake?: string };

/** What a case dials: the call, the target, and how long the call may take. */
export interface CaseCall {
  call: DriverCall;
  target: DriverTarget;
  /** Discovery options (the runner adds MongoDB's sample size). */
  options?: DiscoveryOptions;
  /** Deadline override (a silent port ends at the deadline). */
  deadlineMs?: number;
  /** The call's context, when the case controls when its deadline passes. */
  context?: DriverCallContext;
  /** Runs after the call settled (e.g. the held-up statement really reached the proxy). */
  after?: () => void | Promise<void>;
}

/** Listeners a case needs besides the server, started and closed by the runner. */
export interface CaseHelpers {
  closedPort(): Promise<number>;
  silentPort(): Promise<number>;
  wrongProtocolPort(): Promise<number>;
  /**
   * A proxy to the reader's server that holds up the probe's statement, and a call context whose
   * deadline passes the moment it does (no waiting for a clock).
   */
  stallingProxy(): Promise<{ port: number; stalled: () => number; context: DriverCallContext }>;
  /** A probe of `target` by the environment's driver that must succeed. */
  probeSucceeds(target: DriverTarget): Promise<void>;
}

export interface ConformanceCase {
  id: CaseId;
  title: string;
  /** Needs the server's TLS (ConformanceServer.tls). */
  tls?: boolean;
  dial(server: ConformanceServer, helpers: CaseHelpers): Promise<CaseCall> | CaseCall;
  expected: Record<EngineType, Expected>;
}

/** Deadline of a call to a port that never answers (it can only end there). */
export const SHORT_DEADLINE_MS = 500;

const onPort = (server: ConformanceServer, port: number) =>
  server.reader({ port, approved: { ...server.reader().approved, address: '127.0.0.1' } });

const fails = (reason: FailureReason, stage: Stage): Fails => ({ fails: reason, stage });
const everyEngine = (expected: Expected): Record<EngineType, Expected> => ({
  POSTGRESQL: expected,
  MYSQL: expected,
  SQL_SERVER: expected,
  ORACLE: expected,
  MONGODB: expected,
});

const TNS_FAKE_REFUSES =
  'the TNS fake refuses every CONNECT before any login (it speaks no more of the protocol)';
const TNS_FAKE_NO_TLS = 'the TNS fake serves no TCPS';
const TDS_FAKE_NO_TLS = 'the TDS fake answers PRELOGIN with encryption NOT_SUP (no TLS)';
const MONGO_FAKE_NO_TLS = 'the MongoDB wire fake serves no TLS';
const FAKE_NOT_RESTARTED =
  'a wire fake is not a server process: stopping it proves nothing the closed port does not';
const NO_SECOND_SCHEMA =
  'a MongoDB connection discovers one database; there is no second schema in it';

/** TLS case expectations: the three fakes serve no TLS; the real servers do. */
function tlsExpected(
  relational: Expected,
  overrides: Partial<Record<EngineType, Expected>> = {},
): Record<EngineType, Expected> {
  return {
    POSTGRESQL: relational,
    MYSQL: relational,
    SQL_SERVER: { ...relational, fake: TDS_FAKE_NO_TLS },
    ORACLE: { ...relational, fake: TNS_FAKE_NO_TLS },
    MONGODB: { ...relational, fake: MONGO_FAKE_NO_TLS },
    ...overrides,
  };
}

const TLS_STAGES: Record<EngineType, Stage[]> = {
  POSTGRESQL: ['authenticate', 'connect', 'query', 'tls'],
  MYSQL: ['authenticate', 'connect', 'query', 'tls'],
  SQL_SERVER: ['authenticate', 'connect', 'query', 'tls'],
  ORACLE: ['authenticate', 'query'],
  MONGODB: ['authenticate', 'connect', 'query', 'tls'],
};
const tlsProbe = (engine: EngineType): Expected => ({
  probes: { version: VERSIONS[engine], stages: TLS_STAGES[engine] },
});

const VERSIONS: Record<EngineType, RegExp> = {
  POSTGRESQL: /^PostgreSQL \d+\.\d+/,
  MYSQL: /^(MariaDB|MySQL) \d+\.\d+\.\d+$/,
  SQL_SERVER: /^Microsoft SQL Server \d{4}/,
  ORACLE: /^Oracle Database \d+/,
  MONGODB: /^MongoDB \d+\.\d+\.\d+$/,
};

export const CASES: ConformanceCase[] = [
  {
    id: 'probe',
    title: 'probe succeeds with the server version and the stages it measured',
    dial: (server) => ({ call: 'probe', target: server.reader() }),
    expected: {
      POSTGRESQL: {
        probes: { version: VERSIONS.POSTGRESQL, stages: ['authenticate', 'connect', 'query'] },
      },
      MYSQL: { probes: { version: VERSIONS.MYSQL, stages: ['authenticate', 'connect', 'query'] } },
      SQL_SERVER: {
        probes: { version: VERSIONS.SQL_SERVER, stages: ['authenticate', 'connect', 'query'] },
      },
      ORACLE: {
        probes: { version: VERSIONS.ORACLE, stages: ['authenticate', 'query'] },
        fake: TNS_FAKE_REFUSES,
      },
      MONGODB: {
        probes: { version: VERSIONS.MONGODB, stages: ['authenticate', 'connect', 'query'] },
      },
    },
  },
  {
    id: 'wrong-password',
    title: 'a wrong password is AUTH_FAILED at authenticate',
    dial: (server) => ({ call: 'probe', target: server.reader({ password: 'not-the-password' }) }),
    expected: {
      ...everyEngine(fails('AUTH_FAILED', 'authenticate')),
      ORACLE: { ...fails('AUTH_FAILED', 'authenticate'), fake: TNS_FAKE_REFUSES },
    },
  },
  {
    id: 'unknown-database',
    title: 'a database that does not exist is DATABASE_NOT_FOUND',
    dial: (server) => ({ call: 'probe', target: server.unknownDatabase() }),
    expected: {
      POSTGRESQL: fails('DATABASE_NOT_FOUND', 'authenticate'),
      MYSQL: fails('DATABASE_NOT_FOUND', 'authenticate'),
      SQL_SERVER: fails('DATABASE_NOT_FOUND', 'authenticate'),
      // The listener refuses an unknown service (ORA-12514) before any login.
      ORACLE: fails('DATABASE_NOT_FOUND', 'connect'),
      MONGODB: {
        notApplicable:
          'MongoDB has no unknown database: one that was never written to is an empty one',
      },
    },
  },
  {
    id: 'permission-denied',
    title: 'a call the account has no right to is PERMISSION_DENIED',
    dial: (server) => server.permissionDenied(),
    expected: {
      // PostgreSQL: CONNECT revoked on a database; MySQL: no grant on a database.
      POSTGRESQL: fails('PERMISSION_DENIED', 'authenticate'),
      MYSQL: fails('PERMISSION_DENIED', 'authenticate'),
      // SQL Server: SELECT on sys.objects denied (a login to a database without a user is 4060,
      // the same answer as a missing database); the catalog read is refused (229).
      SQL_SERVER: fails('PERMISSION_DENIED', 'query'),
      // Oracle: a user without CREATE SESSION (ORA-01045).
      ORACLE: { ...fails('PERMISSION_DENIED', 'authenticate'), fake: TNS_FAKE_REFUSES },
      // MongoDB: listCollections allowed, find on the collections not (code 13 on $sample).
      MONGODB: fails('PERMISSION_DENIED', 'query'),
    },
  },
  {
    id: 'closed-port',
    title: 'a closed port is CONNECTION_REFUSED at connect',
    dial: async (server, helpers) => ({
      call: 'probe',
      target: onPort(server, await helpers.closedPort()),
    }),
    expected: everyEngine(fails('CONNECTION_REFUSED', 'connect')),
  },
  {
    id: 'server-restart',
    title: 'a stopped server is CONNECTION_REFUSED at connect, and answers again once restarted',
    dial: async (server, helpers) => {
      const restart = server.restart;
      if (!restart)
        throw new Error('this server cannot be restarted: declare the case not offered');
      await restart.stop();
      return {
        call: 'probe',
        target: server.reader(),
        after: async () => {
          await restart.start();
          await helpers.probeSucceeds(server.reader());
        },
      };
    },
    expected: {
      POSTGRESQL: fails('CONNECTION_REFUSED', 'connect'),
      MYSQL: fails('CONNECTION_REFUSED', 'connect'),
      SQL_SERVER: { ...fails('CONNECTION_REFUSED', 'connect'), fake: FAKE_NOT_RESTARTED },
      ORACLE: { ...fails('CONNECTION_REFUSED', 'connect'), fake: FAKE_NOT_RESTARTED },
      MONGODB: { ...fails('CONNECTION_REFUSED', 'connect'), fake: FAKE_NOT_RESTARTED },
    },
  },
  {
    id: 'silent-port',
    title: 'a port that accepts and never answers is TIMEOUT at the deadline',
    dial: async (server, helpers) => ({
      call: 'probe',
      target: onPort(server, await helpers.silentPort()),
      deadlineMs: SHORT_DEADLINE_MS,
    }),
    expected: {
      // pg, mysql2 and tedious are handed the socket: TCP is up, so the wait is in authenticate.
      POSTGRESQL: fails('TIMEOUT', 'authenticate'),
      MYSQL: fails('TIMEOUT', 'authenticate'),
      SQL_SERVER: fails('TIMEOUT', 'authenticate'),
      ORACLE: fails('TIMEOUT', 'connect'),
      MONGODB: fails('TIMEOUT', 'connect'),
    },
  },
  {
    id: 'wrong-protocol',
    title: 'a port that speaks another protocol (an HTTP answer, then a hang-up) is a DriverError',
    dial: async (server, helpers) => ({
      call: 'probe',
      target: onPort(server, await helpers.wrongProtocolPort()),
    }),
    expected: {
      POSTGRESQL: fails('UNKNOWN', 'authenticate'),
      MYSQL: fails('UNKNOWN', 'authenticate'),
      // tedious and oracledb report the hang-up that follows the garbage, not the garbage.
      SQL_SERVER: fails('CONNECTION_REFUSED', 'connect'),
      ORACLE: fails('CONNECTION_REFUSED', 'connect'),
      // The pre-flight reads a reply that is not MongoDB's (mongodb-preflight.ts).
      MONGODB: fails('UNKNOWN', 'connect'),
    },
  },
  {
    id: 'deadline-mid-query',
    title: 'a deadline that passes while the probe statement is in flight is TIMEOUT at query',
    dial: async (server, helpers) => {
      const proxy = await helpers.stallingProxy();
      return {
        call: 'probe',
        target: onPort(server, proxy.port),
        context: proxy.context,
        after: () => expect(proxy.stalled()).toBeGreaterThan(0),
      };
    },
    expected: {
      ...everyEngine(fails('TIMEOUT', 'query')),
      ORACLE: { ...fails('TIMEOUT', 'query'), fake: TNS_FAKE_REFUSES },
    },
  },
  {
    id: 'tls-require',
    title: 'require: TLS without a certificate check succeeds and measures tls',
    tls: true,
    dial: (server) => ({ call: 'probe', target: server.tls!.target({ ssl: { mode: 'require' } }) }),
    expected: tlsExpected(tlsProbe('POSTGRESQL'), {
      MYSQL: tlsProbe('MYSQL'),
      SQL_SERVER: { ...tlsProbe('SQL_SERVER'), fake: TDS_FAKE_NO_TLS },
      // Thin mode always checks the chain (oracle-options.ts): without the CA, a certificate
      // from a private CA is refused (test/oracle-tls.fake.e2e-spec.ts proves it on the TCPS fake).
      ORACLE: { ...fails('TLS_ERROR', 'tls'), fake: TNS_FAKE_NO_TLS },
      MONGODB: { ...tlsProbe('MONGODB'), fake: MONGO_FAKE_NO_TLS },
    }),
  },
  {
    id: 'tls-require-on-plain-server',
    title: 'require against a server without TLS is TLS_ERROR at tls (no password sent in clear)',
    dial: (server) => ({
      call: 'probe',
      target: { ...plainServerOf(server), ssl: { mode: 'require' } },
    }),
    // Every fake here is such a server (the TNS fake answers a ClientHello with a REFUSE packet).
    expected: everyEngine(fails('TLS_ERROR', 'tls')),
  },
  {
    id: 'tls-verify-ca',
    title: 'verify-ca with the CA that signed the certificate succeeds',
    tls: true,
    dial: (server) => ({
      call: 'probe',
      target: server.tls!.target({ ssl: { mode: 'verify-ca', ca: server.tls!.caPem } }),
    }),
    expected: tlsExpected(tlsProbe('POSTGRESQL'), {
      MYSQL: tlsProbe('MYSQL'),
      SQL_SERVER: { ...tlsProbe('SQL_SERVER'), fake: TDS_FAKE_NO_TLS },
      ORACLE: { ...tlsProbe('ORACLE'), fake: TNS_FAKE_NO_TLS },
      MONGODB: { ...tlsProbe('MONGODB'), fake: MONGO_FAKE_NO_TLS },
    }),
  },
  {
    id: 'tls-verify-ca-other-name',
    title: 'verify-ca does not check the name: a host that is not on the certificate succeeds',
    tls: true,
    dial: (server) => ({
      call: 'probe',
      target: server.tls!.target({
        host: 'wrong.example',
        ssl: { mode: 'verify-ca', ca: server.tls!.caPem },
      }),
    }),
    expected: tlsExpected(tlsProbe('POSTGRESQL'), {
      MYSQL: tlsProbe('MYSQL'),
      // tedious cannot check the chain without the name (sqlserver-options.ts): as strict as verify-full.
      SQL_SERVER: { ...fails('TLS_ERROR', 'tls'), fake: TDS_FAKE_NO_TLS },
      ORACLE: { ...tlsProbe('ORACLE'), fake: TNS_FAKE_NO_TLS },
      MONGODB: { ...tlsProbe('MONGODB'), fake: MONGO_FAKE_NO_TLS },
    }),
  },
  {
    id: 'tls-verify-ca-wrong-ca',
    title: 'verify-ca with another CA is TLS_ERROR at tls',
    tls: true,
    dial: (server) => ({
      call: 'probe',
      target: server.tls!.target({ ssl: { mode: 'verify-ca', ca: server.tls!.wrongCaPem } }),
    }),
    expected: tlsExpected(fails('TLS_ERROR', 'tls')),
  },
  {
    id: 'tls-verify-ca-no-ca',
    title: 'verify-ca without a CA (system roots only) is TLS_ERROR at tls',
    tls: true,
    dial: (server) => ({
      call: 'probe',
      target: server.tls!.target({ ssl: { mode: 'verify-ca' } }),
    }),
    expected: tlsExpected(fails('TLS_ERROR', 'tls')),
  },
  {
    id: 'tls-verify-full',
    title:
      'verify-full succeeds when the host is the certificate name (the approved IP is dialled)',
    tls: true,
    dial: (server) => ({
      call: 'probe',
      target: server.tls!.target({ ssl: { mode: 'verify-full', ca: server.tls!.caPem } }),
    }),
    expected: tlsExpected(tlsProbe('POSTGRESQL'), {
      MYSQL: tlsProbe('MYSQL'),
      SQL_SERVER: { ...tlsProbe('SQL_SERVER'), fake: TDS_FAKE_NO_TLS },
      ORACLE: { ...tlsProbe('ORACLE'), fake: TNS_FAKE_NO_TLS },
      MONGODB: { ...tlsProbe('MONGODB'), fake: MONGO_FAKE_NO_TLS },
    }),
  },
  {
    id: 'tls-verify-full-wrong-name',
    title: 'verify-full is TLS_ERROR at tls when the host is not the certificate name',
    tls: true,
    dial: (server) => {
      const target = server.tls!.target({ ssl: { mode: 'verify-full', ca: server.tls!.caPem } });
      return {
        call: 'probe',
        target: {
          ...target,
          host: 'wrong.example',
          approved: { ...target.approved, host: 'wrong.example' },
        },
      };
    },
    expected: tlsExpected(fails('TLS_ERROR', 'tls')),
  },
  {
    id: 'tls-disable-on-tls-only-account',
    title: 'disable, for an account that may log in over TLS only, is refused at authenticate',
    tls: true,
    dial: (server) => ({ call: 'probe', target: tlsOnlyAccountOf(server) }),
    expected: tlsExpected(fails('AUTH_FAILED', 'authenticate'), {
      SQL_SERVER: {
        notApplicable:
          'SQL Server has no per-login TLS requirement (force encryption is server-wide)',
      },
      ORACLE: {
        notApplicable: 'Oracle ties TCPS to the listener, not to the account',
      },
      // A requireTLS mongod hangs up on a plain hello: the pre-flight reads that as refused.
      MONGODB: { ...fails('CONNECTION_REFUSED', 'connect'), fake: MONGO_FAKE_NO_TLS },
    }),
  },
  {
    id: 'discovery',
    title:
      'discovery lists the fixture: two schemas, a view, a composite key, mixed-case and quoted names, types, nullability; not the unreadable table',
    dial: (server) => ({ call: 'discover', target: server.reader() }),
    expected: {
      POSTGRESQL: { discovers: FIXTURE_TABLES.POSTGRESQL },
      MYSQL: { discovers: FIXTURE_TABLES.MYSQL },
      SQL_SERVER: { discovers: FIXTURE_TABLES.SQL_SERVER },
      ORACLE: { discovers: FIXTURE_TABLES.ORACLE, fake: TNS_FAKE_REFUSES },
      MONGODB: { discovers: FIXTURE_TABLES.MONGODB },
    },
  },
  {
    id: 'discovery-second-schema',
    title: 'discovery limited to the second schema lists its tables only, qualified',
    dial: (server) => ({
      call: 'discover',
      target: server.reader(),
      options: { schemas: [server.secondSchema] },
    }),
    expected: {
      POSTGRESQL: { discovers: secondSchemaOnly('POSTGRESQL') },
      MYSQL: { discovers: secondSchemaOnly('MYSQL') },
      SQL_SERVER: { discovers: secondSchemaOnly('SQL_SERVER') },
      ORACLE: { discovers: secondSchemaOnly('ORACLE'), fake: TNS_FAKE_REFUSES },
      MONGODB: { notApplicable: NO_SECOND_SCHEMA },
    },
  },
  {
    id: 'discovery-wrong-password',
    title: 'discovery with a wrong password is AUTH_FAILED (a DriverError, not a catalog error)',
    dial: (server) => ({
      call: 'discover',
      target: server.reader({ password: 'not-the-password' }),
    }),
    expected: {
      ...everyEngine(fails('AUTH_FAILED', 'authenticate')),
      ORACLE: { ...fails('AUTH_FAILED', 'authenticate'), fake: TNS_FAKE_REFUSES },
    },
  },
];

function secondSchemaOnly(engine: EngineType): (secondSchema: string) => DiscoveredTable[] {
  return (secondSchema) =>
    FIXTURE_TABLES[engine](secondSchema).filter((table) =>
      table.name.startsWith(`${secondSchema}.`),
    );
}

function plainServerOf(server: ConformanceServer): DriverTarget {
  if (server.tls) return server.tls.plainServer();
  // A server without TLS is its own plain server.
  return server.reader();
}

function tlsOnlyAccountOf(server: ConformanceServer): DriverTarget {
  const account = server.tls?.tlsOnlyAccount?.();
  if (!account)
    throw new Error('this server has no TLS-only account: declare the case not offered');
  return { ...account, ssl: { mode: 'disable' as const } };
}

import { DatabaseDriver, DriverTarget } from '../../src/drivers/database-driver';
import { EngineType } from '../../src/engines/engine';
import type { CaseId } from './conformance-cases';

/** The call a case makes through the DatabaseDriver interface. */
export type DriverCall = 'probe' | 'discover';

/** TLS material of a server that offers TLS: a CA that signed its certificate, and one that did not. */
export interface ConformanceTls {
  caPem: string;
  wrongCaPem: string;
  /** The name on the server's certificate (the connection's `host`; the dial still goes to the approved address). */
  certificateHost: string;
  /** The fixture account on the TLS-serving server (host = the certificate's name). */
  target(overrides?: Partial<DriverTarget>): DriverTarget;
  /** The same engine on a server that offers no TLS (for `require` → TLS_ERROR). */
  plainServer(): DriverTarget;
  /** An account that may log in over TLS only, when the server has one. */
  tlsOnlyAccount?(): DriverTarget;
}

/**
 * One running server (real or wire fake) with the conformance fixture loaded
 * (docker/fixtures/*, docs/driver-conformance.md), as the cases need it.
 */
export interface ConformanceServer {
  /** The fixture account on the fixture database: every case starts from it. */
  reader(overrides?: Partial<DriverTarget>): DriverTarget;
  /** A target naming a database that does not exist (with an account that may see that). */
  unknownDatabase(): DriverTarget;
  /** A call the server refuses for lack of rights, and the target it is made with. */
  permissionDenied(): { call: DriverCall; target: DriverTarget };
  /** The bytes of the probe's statement as they travel (the stalling proxy holds them up). */
  probeStatementBytes: Buffer;
  /** The second schema, as discovery qualifies a table in it (`sales`, `SALES`). */
  secondSchema: string;
  tls?: ConformanceTls;
  /** Stops and starts the same server on the same port, when the environment runs it. */
  restart?: { stop(): Promise<void>; start(): Promise<void> };
  dispose(): Promise<void>;
}

/** Where the suite runs: an engine's driver against a real server or a wire fake. */
export interface ConformanceEnvironment {
  engine: EngineType;
  driver: DatabaseDriver;
  /** What answers: "a throwaway PostgreSQL cluster", "the TDS wire fake (not a SQL Server)". */
  server: string;
  /** A wire fake: the table's `fake` declarations apply. */
  fake: boolean;
  /** Deadline of an ordinary case (an Oracle call starts a worker thread; a cold server is slow). */
  deadlineMs: number;
  /** Cases this environment's server does not offer (e.g. no TLS listener), each with why. */
  notOffered?: Partial<Record<CaseId, string>>;
  start(): Promise<ConformanceServer>;
}

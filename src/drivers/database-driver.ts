import { ConnectionCredentials, EngineType } from '../engines/engine';
import { Stage } from '../engines/dial-failure';
import { ApprovedAddress } from '../host-policy/host-policy';

// The failure vocabulary is engine-neutral (the host policy throws it too); drivers import it from here.
export { DriverError, FAILURE_REASONS, STAGES } from '../engines/dial-failure';
export type { FailureReason, Stage } from '../engines/dial-failure';

/** Where a driver dials: the address the host policy approved, or a tunnel's local end (`port` set). */
export interface DialAddress extends ApprovedAddress {
  /** The port to dial when it is not the stored one (an SSH tunnel's loopback forward, spec §5.1). */
  port?: number;
}

/** What a driver dials: the stored settings in clear plus the address to dial (TLS still verifies `host`). */
export interface DriverTarget extends ConnectionCredentials {
  approved: DialAddress;
}

/** The port a driver dials: the tunnel's local end when there is one, else the stored port. */
export function dialPort(target: DriverTarget): number {
  return target.approved.port ?? target.port;
}

/** True when the target is an SSH tunnel's loopback end (spec §5.1): only that one server can be reached. */
export function isTunnelled(target: DriverTarget): boolean {
  return target.approved.port !== undefined;
}

/** One call's limits: drivers must stop (and close everything) when the signal aborts. */
export interface DriverCallContext {
  signal: AbortSignal;
  /** Epoch ms after which nothing may still be running. */
  deadline: number;
  /**
   * When set, a driver may hand over the close of its session, not started yet (`close()` starts
   * it and returns a promise that never rejects, bounded by the close grace and the deadline, after
   * which the sockets are destroyed), instead of awaiting it, and answer as soon as its work is
   * done. The caller owns the close from then on and must start it: a test starts it once its
   * history event is committed (a session exiting on the server slows that commit down), answers
   * before it has finished, and the app's shutdown waits for it (PendingCloses).
   */
  deferClose?: (close: () => Promise<void>) => void;
}

/** A column as discovery reports it (spec §3.7). */
export interface DiscoveredColumn {
  name: string;
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  /** MongoDB only: share of sampled documents that had the field, 0–1. */
  presence?: number;
}

export interface DiscoveredTable {
  /** Unqualified in the default schema, else `schema.table` (Oracle upper case). */
  name: string;
  kind: 'table' | 'view' | 'collection';
  columns: DiscoveredColumn[];
}

export interface DiscoveryOptions {
  /** Limit discovery to these schemas; undefined = every non-system schema the account can see. */
  schemas?: string[];
  /**
   * Only the relations whose name as shown (unqualified in the default schema, else
   * `schema.table`) matches one of these globs (`*` = any run of characters; table-globs.ts),
   * filtered in the catalog query itself; undefined = every relation.
   */
  tables?: readonly string[];
  /** MongoDB only: documents `$sample`d per collection (MONGODB_SAMPLE_SIZE); the driver defaults to 1000. */
  sampleSize?: number;
}

export interface ProbeResult {
  serverVersion?: string;
  /** Stage durations the driver measured itself (connect, tls, authenticate, query). */
  stages: Partial<Record<Stage, number>>;
}

/**
 * The one interface every engine implements. Drivers hold no per-call state: each call opens,
 * uses and closes in `finally`, and translates its library's native errors into DriverError.
 */
export interface DatabaseDriver {
  readonly type: EngineType;
  /** Connect, authenticate, run a trivial read and read the server version. */
  probe(target: DriverTarget, context: DriverCallContext): Promise<ProbeResult>;
  /** Read the catalog in a few round trips, never one per table. */
  discover(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
  ): Promise<DiscoveredTable[]>;
  /**
   * Optional: the same catalog as discover(), handed to `onTables` batch by batch while it is
   * read, so the caller never holds it all as objects (a 20,000-table catalog is 400,000 column
   * objects). Each batch is sorted as discover() sorts, and every table of a batch sorts after
   * every table of the batches before it: the batches, in turn, are discover()'s result.
   * Resolves once the last batch has been handed over. An engine without it is read by discover().
   */
  discoverInBatches?(
    target: DriverTarget,
    options: DiscoveryOptions,
    context: DriverCallContext,
    onTables: (tables: DiscoveredTable[]) => void,
  ): Promise<void>;
}

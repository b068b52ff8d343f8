import { Connection } from './connection';

/**
 * What applying the provisioning file does to one connection (spec §3.15). Each is decided against
 * the stored version it names and applied in one place (ProvisioningStore.apply), in one
 * transaction with the others; each is one history event with actor `provisioning` (§3.14).
 */
export type ProvisioningChange =
  /** An entry appears: its connection is stored (or its soft-deleted row, same id, comes back). */
  | { kind: 'provisioned'; connection: Connection }
  /** An entry differs from its stored connection: `after` replaces `before`. */
  | { kind: 'updated'; before: Connection; after: Connection }
  /** A provisioned connection has no entry any more: soft-deleted at `at`. */
  | { kind: 'deleted'; connection: Connection; at: Date };

/** The actor of every provisioning change in the history (spec §3.14, §3.15). */
export const PROVISIONING_ACTOR = 'provisioning';

/**
 * The audit trail of a connection (spec §3.14): one event per change, per test that ran and per
 * discovery that ran. Plain types, no decorators; the store keeps them as they are and no route
 * changes or removes one.
 */

/** Every action of spec §3.14, in the order a connection's life meets them. */
export const HISTORY_ACTIONS = [
  'created',
  'imported',
  'cloned',
  'copied',
  'provisioned',
  'updated',
  'deleted',
  'assigned',
  'tested',
  'discovered',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** A field that is shown: its value before and after (`null` where it was or became unset). */
export interface FieldChange {
  from: ChangeValue;
  to: ChangeValue;
}
/** A value a change shows: a field's value, or the whole metadata map. */
export type ChangeValue = string | number | Record<string, string> | null;

/** A field that is never shown (a secret, or a PEM that is never returned): only that it changed. */
export interface HiddenChange {
  changed: true;
}

/** Changed fields by their JSON name (`host`, `ssl.mode`, `password`, `metadata`). */
export type Changes = Record<string, FieldChange | HiddenChange>;

export const OUTCOME_STATUSES = ['success', 'failure'] as const;

/** How a test or a discovery that ran ended; `reason` only on failure. */
export interface HistoryOutcome {
  status: (typeof OUTCOME_STATUSES)[number];
  reason?: string;
}

export interface HistoryEvent {
  /** UUID v7, made by the service. */
  id: string;
  organizationId: string;
  connectionId: string;
  at: Date;
  action: HistoryAction;
  /** The token's `sub`; `anonymous` with authentication off; `unknown` for a token without `sub`; `provisioning` for the file. */
  actor: string;
  /** The request's id (`X-Request-Id`); absent when no request caused it (provisioning at boot). */
  requestId?: string;
  changes?: Changes;
  /** On `cloned`: the connection it was cloned from. */
  sourceId?: string;
  /** On `copied`: the connection cloned from this one. */
  targetId?: string;
  /** On `tested` and `discovered`. */
  outcome?: HistoryOutcome;
}

import { v7 as uuidv7 } from 'uuid';
import { Changes, HistoryAction, HistoryEvent, HistoryOutcome } from './history-event';

/**
 * Who acts, and under which request: what every event of the history records (spec §3.14, §6.3).
 * Provisioning acts as `PROVISIONING_ACTOR` (domain/provisioning-change.ts), without a request.
 */
export interface AuditContext {
  actor: string;
  requestId?: string;
}

/** The actor of every request while authentication is off. */
export const ANONYMOUS_ACTOR = 'anonymous';
/** The actor of a token that names no subject (no `sub` claim): accepted, but nobody in particular. */
export const UNKNOWN_ACTOR = 'unknown';

/**
 * The actor of a request: the verified token's subject; `unknown` for a verified token without
 * `sub`; `anonymous` when no token was verified (authentication off).
 */
export function actorOf(principal: { subject?: string } | undefined): string {
  if (principal === undefined) return ANONYMOUS_ACTOR;
  return principal.subject ?? UNKNOWN_ACTOR;
}

/** What an event says beyond who, when and on which connection. */
export interface EventDetails {
  changes?: Changes;
  sourceId?: string;
  targetId?: string;
  outcome?: HistoryOutcome;
}

/** A new event of `connection` by `audit`'s actor; details left out when undefined, `changes` when empty. */
export function historyEvent(
  audit: AuditContext,
  connection: { organizationId: string; id: string },
  action: HistoryAction,
  at: Date,
  details: EventDetails = {},
): HistoryEvent {
  const event: HistoryEvent = {
    id: uuidv7(),
    organizationId: connection.organizationId,
    connectionId: connection.id,
    at,
    action,
    actor: audit.actor,
  };
  if (audit.requestId !== undefined) event.requestId = audit.requestId;
  if (details.changes && Object.keys(details.changes).length > 0) event.changes = details.changes;
  if (details.sourceId !== undefined) event.sourceId = details.sourceId;
  if (details.targetId !== undefined) event.targetId = details.targetId;
  if (details.outcome !== undefined) event.outcome = details.outcome;
  return event;
}

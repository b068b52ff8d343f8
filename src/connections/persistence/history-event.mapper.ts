import { Changes, HistoryAction, HistoryEvent, HistoryOutcome } from '../history/history-event';
import { HistoryEventEntity } from './history-event.entity';

/** The one mapping between a stored event row and the domain event. */
export const HistoryEventMapper = {
  toDomain(row: HistoryEventEntity): HistoryEvent {
    const event: HistoryEvent = {
      id: row.id,
      organizationId: row.organizationId,
      connectionId: row.connectionId,
      at: row.at,
      action: row.action as HistoryAction,
      actor: row.actor,
    };
    if (row.requestId !== null) event.requestId = row.requestId;
    if (row.changes !== null) event.changes = JSON.parse(row.changes) as Changes;
    if (row.sourceId !== null) event.sourceId = row.sourceId;
    if (row.targetId !== null) event.targetId = row.targetId;
    if (row.outcomeStatus !== null) {
      const outcome: HistoryOutcome = { status: row.outcomeStatus as HistoryOutcome['status'] };
      if (row.outcomeReason !== null) outcome.reason = row.outcomeReason;
      event.outcome = outcome;
    }
    return event;
  },

  toEntity(event: HistoryEvent): HistoryEventEntity {
    const row = new HistoryEventEntity();
    row.id = event.id;
    row.organizationId = event.organizationId;
    row.connectionId = event.connectionId;
    row.at = event.at;
    row.action = event.action;
    row.actor = event.actor;
    row.requestId = event.requestId ?? null;
    row.changes = event.changes ? JSON.stringify(event.changes) : null;
    row.sourceId = event.sourceId ?? null;
    row.targetId = event.targetId ?? null;
    row.outcomeStatus = event.outcome?.status ?? null;
    row.outcomeReason = event.outcome?.reason ?? null;
    return row;
  },
};

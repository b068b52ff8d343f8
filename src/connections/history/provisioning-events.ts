import { PROVISIONING_ACTOR, ProvisioningChange } from '../domain/provisioning-change';
import { historyEvent } from './audit-context';
import { connectionChanges } from './connection-changes';
import { HistoryEvent } from './history-event';

const PROVISIONING = { actor: PROVISIONING_ACTOR };

/**
 * The history event of one change the provisioning file makes (spec §3.14, §3.15): actor
 * `provisioning`, no request id. `provisioned` with the initial settings (an entry that comes back
 * after its removal too), `updated` with what the file changed, `deleted` for a removed entry.
 */
export function provisioningEvent(change: ProvisioningChange): HistoryEvent {
  switch (change.kind) {
    case 'provisioned':
      return historyEvent(
        PROVISIONING,
        change.connection,
        'provisioned',
        change.connection.updatedAt,
        {
          changes: connectionChanges(null, change.connection),
        },
      );
    case 'updated':
      return historyEvent(PROVISIONING, change.after, 'updated', change.after.updatedAt, {
        changes: connectionChanges(change.before, change.after),
      });
    case 'deleted':
      return historyEvent(PROVISIONING, change.connection, 'deleted', change.at);
  }
}

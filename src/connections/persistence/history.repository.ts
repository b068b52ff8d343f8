import { Page } from '../domain/connection-page';
import { HistoryEvent } from '../history/history-event';

/**
 * Port for the history of connections (the abstract class is the DI token). The events of a
 * change are written by ConnectionRepository with the change itself; this port appends the events
 * that change nothing (a test or a discovery that ran) and reads a trail. Nothing here, or
 * anywhere, changes or removes an event.
 */
export abstract class HistoryRepository {
  /** Appends an event that records no change of the connection (`tested`, `discovered`). */
  abstract append(event: HistoryEvent): Promise<void>;
  /** One page of a connection's events, newest first: by `at`, then by id (UUID v7, time-ordered). */
  abstract findPage(
    organizationId: string,
    connectionId: string,
    page: number,
    limit: number,
  ): Promise<Page<HistoryEvent>>;
}

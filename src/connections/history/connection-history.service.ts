import { Injectable } from '@nestjs/common';
import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { Scope } from '../connections.service';
import { Connection } from '../domain/connection';
import { Page } from '../domain/connection-page';
import { ConnectionRepository } from '../persistence/connection.repository';
import { HistoryRepository } from '../persistence/history.repository';
import { AuditContext, historyEvent } from './audit-context';
import { HistoryEvent, HistoryOutcome } from './history-event';

/**
 * The audit trail (spec §3.14): reading a connection's trail, and recording the runs that change
 * nothing (a test, a discovery). A change's event is not written here but by the change itself,
 * in its transaction (ConnectionsService through ConnectionRepository).
 */
@Injectable()
export class ConnectionHistoryService {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly history: HistoryRepository,
  ) {}

  /**
   * One page of the trail, newest first. The connection may be deleted (its trail is the point of
   * a trail); an id that never existed in the organization, or that belongs to another product
   * than the one asked for, is 404 FET-1001.
   */
  async trail(scope: Scope, id: string, page: number, limit: number): Promise<Page<HistoryEvent>> {
    const connection = await this.connections.findEvenDeleted(scope.organizationId, id);
    if (
      !connection ||
      (scope.productName !== undefined && connection.productName !== scope.productName)
    ) {
      throw new FetException(FetErrorCode.EntityNotFound);
    }
    return this.history.findPage(scope.organizationId, id, page, limit);
  }

  /**
   * A test (`tested`) or a discovery (`discovered`) of `connection` (the version it ran against)
   * that ran, and how it ended. Dated now, and never before that version: two changes within one
   * millisecond date the second one a millisecond on (its ETag must differ), and a run appended
   * after them must not sort below them.
   */
  recordRun(
    audit: AuditContext,
    connection: Connection,
    action: 'tested' | 'discovered',
    outcome: HistoryOutcome,
  ): Promise<void> {
    const at = new Date(Math.max(Date.now(), connection.updatedAt.getTime()));
    return this.history.append(historyEvent(audit, connection, action, at, { outcome }));
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from './connection.entity';

/**
 * One row per history event (spec §3.14). Rows are only ever inserted: no code updates or deletes
 * one, and the store refuses to (the migration's triggers). No foreign key to `connections`: the
 * trail of a deleted connection stays, and a row's connection is always in the same organization.
 */
@Entity({ name: 'connection_events' })
export class HistoryEventEntity {
  /** UUID v7 (time-ordered): after `at`, the order of events written in the same millisecond. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 200 })
  organizationId: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId: string;

  @Column({ type: 'bigint', transformer: epochMillis })
  at: Date;

  @Column({ type: 'varchar', length: 20 })
  action: string;

  /** A token's `sub` has no length limit of its own. */
  @Column({ type: 'text' })
  actor: string;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  /** JSON object: field → { from, to } or { changed: true }. */
  @Column({ type: 'text', nullable: true })
  changes: string | null;

  @Column({ name: 'source_id', type: 'varchar', length: 36, nullable: true })
  sourceId: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 36, nullable: true })
  targetId: string | null;

  @Column({ name: 'outcome_status', type: 'varchar', length: 10, nullable: true })
  outcomeStatus: string | null;

  @Column({ name: 'outcome_reason', type: 'varchar', length: 40, nullable: true })
  outcomeReason: string | null;
}

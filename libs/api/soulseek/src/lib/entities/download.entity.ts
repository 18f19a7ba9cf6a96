import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DownloadFailureReason, DownloadState, SoulseekProfileId } from '@soulspot/shared/contracts';

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One file SoulSpot is getting from Soulseek. The row is the engine's whole memory: a restarted worker
 * rebuilds everything from it (and slskd's transfer list), so every decision is written here before the
 * slskd call that acts on it.
 */
@Entity('downloads')
@Index('IDX_downloads_dispatch', ['state', 'priority', 'position'])
// One unfinished download per wanted track; finished ones (done/failed/cancelled) are history.
@Index('UQ_downloads_wanted_track_open', ['wantedTrackId'], { unique: true, where: `"state" NOT IN ('done', 'failed', 'cancelled') AND "wanted_track_id" IS NOT NULL` })
// Hand-written in migration DownloadListIndexes1763915000000 (TypeORM cannot express DESC columns or expressions):
// the open queue in dispatch order, the history newest first, and the word-prefix search of the Downloads list.
@Index('IDX_downloads_open_order', { synchronize: false })
@Index('IDX_downloads_history', { synchronize: false })
@Index('IDX_downloads_search', { synchronize: false })
export class DownloadEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  state!: DownloadState;

  @Column({ type: 'integer', default: 0 })
  priority!: number;

  /** Order among equal priorities; a float so an item can be moved between two others without renumbering. */
  @Column({ type: 'double precision' })
  position!: number;

  @Index()
  @Column({ name: 'wanted_track_id', type: 'uuid', nullable: true })
  wantedTrackId!: string | null;

  /** The search whose accepted candidates are being tried. */
  @Column({ name: 'search_id', type: 'uuid', nullable: true })
  searchId!: string | null;

  @Column({ type: 'text' })
  artist!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  album!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text' })
  profile!: SoulseekProfileId;

  /** A specific file chosen by the user on the search page: only this candidate is tried. */
  @Column({ name: 'pinned_candidate_id', type: 'uuid', nullable: true })
  pinnedCandidateId!: string | null;

  // ---- the candidate being tried

  @Column({ name: 'current_attempt_id', type: 'uuid', nullable: true })
  currentAttemptId!: string | null;

  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ type: 'text', nullable: true })
  filename!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  size!: number | null;

  /** slskd's transfer id; null between "decided to enqueue" and slskd's answer (reconciled by user+filename). */
  @Column({ name: 'transfer_id', type: 'text', nullable: true })
  transferId!: string | null;

  /** slskd's raw state string, for logs and the detail view. */
  @Column({ name: 'transfer_state', type: 'text', nullable: true })
  transferState!: string | null;

  @Column({ name: 'place_in_queue', type: 'integer', nullable: true })
  placeInQueue!: number | null;

  @Column({ name: 'bytes_transferred', type: 'bigint', default: 0, transformer: bigintAsNumber })
  bytesTransferred!: number;

  @Column({ type: 'real', default: 0 })
  percent!: number;

  @Column({ type: 'double precision', default: 0 })
  speed!: number;

  @Column({ name: 'eta_seconds', type: 'integer', nullable: true })
  etaSeconds!: number | null;

  /** When the current attempt was requested (timers count from here). */
  @Column({ name: 'requested_at', type: 'timestamptz', nullable: true })
  requestedAt!: Date | null;

  /** Last time bytes moved or the place in the remote queue improved (stall and queue timers). */
  @Column({ name: 'progress_at', type: 'timestamptz', nullable: true })
  progressAt!: Date | null;

  // ---- history and outcome

  @Column({ name: 'attempt_count', type: 'integer', default: 0 })
  attemptCount!: number;

  @Column({ name: 'search_count', type: 'integer', default: 0 })
  searchCount!: number;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: DownloadFailureReason | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'local_path', type: 'text', nullable: true })
  localPath!: string | null;

  @Index()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Index()
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { DownloadAttemptOutcome, DownloadFailureReason } from '@soulspot/shared/contracts';
import { DownloadEntity } from './download.entity';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One candidate tried for a download. Failed (user, file) pairs of a wanted track are never fetched
 * again for it, and the "≤ 2 in a row from one user" rule reads the latest rows.
 */
@Entity('download_attempts')
@Index('IDX_download_attempts_user_file', ['username', 'filename'])
export class DownloadAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'download_id', type: 'uuid' })
  downloadId!: string;

  @ManyToOne(() => DownloadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'download_id' })
  download?: DownloadEntity;

  @Index()
  @Column({ name: 'wanted_track_id', type: 'uuid', nullable: true })
  wantedTrackId!: string | null;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size!: number;

  @Column({ type: 'text' })
  outcome!: DownloadAttemptOutcome;

  @Column({ type: 'text', nullable: true })
  reason!: DownloadFailureReason | null;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'transfer_id', type: 'text', nullable: true })
  transferId!: string | null;

  @Column({ name: 'quarantine_path', type: 'text', nullable: true })
  quarantinePath!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}

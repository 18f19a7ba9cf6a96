import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ListSourceKind, ListSyncStatus, SkippedEntryCounts } from '@soulspot/shared/contracts';

/**
 * A list the user wants tracks from (Spotify playlist, Liked Songs, saved albums, followed artists,
 * an imported CSV/text file). Lives in the library lib because wanted tracks point back at it and the
 * acquisition engine and importer read both; the spotify lib fills it.
 */
@Entity('list_sources')
@Index(['kind', 'externalId'], { unique: true })
export class ListSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: ListSourceKind;

  @Column({ type: 'text' })
  name!: string;

  /** Spotify playlist id; null for kinds that exist once (liked, saved albums) and for imports. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ name: 'snapshot_id', type: 'text', nullable: true })
  snapshotId!: string | null;

  @Column({ name: 'sync_enabled', type: 'boolean', default: true })
  syncEnabled!: boolean;

  @Column({ name: 'sync_interval_minutes', type: 'integer', default: 360 })
  syncIntervalMinutes!: number;

  @Column({ type: 'boolean', default: false })
  excluded!: boolean;

  /** Quality profile for downloads from this list; null: the default profile. */
  @Column({ type: 'text', nullable: true })
  profile!: string | null;

  @Index()
  @Column({ name: 'last_sync_at', type: 'timestamptz', nullable: true })
  lastSyncAt!: Date | null;

  @Column({ name: 'last_sync_status', type: 'text', default: 'never' })
  lastSyncStatus!: ListSyncStatus;

  @Column({ name: 'last_sync_message', type: 'text', nullable: true })
  lastSyncMessage!: string | null;

  @Column({ type: 'jsonb', default: () => `'{"local": 0, "episode": 0, "unavailable": 0}'` })
  skipped!: SkippedEntryCounts;

  /** Followed-artists sources only. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  artists!: { id: string; name: string }[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

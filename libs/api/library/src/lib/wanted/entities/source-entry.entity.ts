import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ListSourceEntity } from './list-source.entity';
import { WantedTrackEntity } from './wanted-track.entity';

/**
 * A wanted track's place in one list. A sync never deletes entries: one that left the list gets
 * `removed_at`. A recording listed twice in one list keeps its first position.
 */
@Entity('source_entries')
@Index(['sourceId', 'wantedTrackId'], { unique: true })
@Index(['sourceId', 'position'])
export class SourceEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId!: string;

  @ManyToOne(() => ListSourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id' })
  source?: ListSourceEntity;

  @Index()
  @Column({ name: 'wanted_track_id', type: 'uuid' })
  wantedTrackId!: string;

  @ManyToOne(() => WantedTrackEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wanted_track_id' })
  wantedTrack?: WantedTrackEntity;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'added_at', type: 'timestamptz', nullable: true })
  addedAt!: Date | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  /** Id of the sync run that last saw this entry; entries not seen by a finished run were removed. */
  @Column({ name: 'seen_in_sync', type: 'uuid', nullable: true })
  seenInSync!: string | null;
}

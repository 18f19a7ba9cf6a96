import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WantedTrackState } from '@soulspot/shared/contracts';

/**
 * One recording SoulSpot should have, however many lists name it. `dedupe_key` is the most reliable
 * identity the first sighting had (Spotify id, else ISRC, else normalised artist+title+duration);
 * `spotify_id`, `isrc` and `meta_key` let a later sighting from another source find it again.
 */
@Entity('wanted_tracks')
export class WantedTrackEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Index()
  @Column({ name: 'spotify_id', type: 'text', nullable: true })
  spotifyId!: string | null;

  @Index()
  @Column({ type: 'text', nullable: true })
  isrc!: string | null;

  @Index()
  @Column({ name: 'meta_key', type: 'text' })
  metaKey!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', array: true })
  artists!: string[];

  @Column({ type: 'text', nullable: true })
  album!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Index()
  @Column({ type: 'text', default: 'wanted' })
  state!: WantedTrackState;

  /** Absolute path of the library file once a file for it was imported (state `in_library`). */
  @Column({ name: 'library_path', type: 'text', nullable: true })
  libraryPath!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

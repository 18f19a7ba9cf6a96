import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportHints, ImportStatus, ImportStep } from '@soulspot/shared/contracts';

/** Resolved metadata kept between attempts so a re-run after a crash tags and names the file the same way. */
export interface ImportResolved {
  title: string;
  artists: string[];
  albumArtist: string;
  album: string;
  date: string | null;
  trackNumber: number | null;
  trackTotal: number | null;
  discNumber: number | null;
  discTotal: number | null;
  genres: string[];
  isrc: string | null;
  compilation: boolean;
  durationMs: number | null;
  musicBrainz: { recordingId: string | null; releaseId: string | null; releaseGroupId: string | null; artistIds: string[]; albumArtistIds: string[] };
  /** Deezer cover URL when MusicBrainz had no release. */
  coverUrl: string | null;
}

@Entity('imports')
export class ImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'text' })
  status!: ImportStatus;

  @Column({ name: 'source_path', type: 'text' })
  sourcePath!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  hints!: ImportHints;

  /** The wanted track the file is for: a finished import puts it in the library. */
  @Index()
  @Column({ name: 'wanted_track_id', type: 'uuid', nullable: true })
  wantedTrackId!: string | null;

  /** The verified download the file came from; unique so a repeated hand-over finds the first import. */
  @Index({ unique: true })
  @Column({ name: 'download_id', type: 'uuid', nullable: true })
  downloadId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  resolved!: ImportResolved | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  steps!: ImportStep[];

  /** Planned destination (absolute), recorded before the move. */
  @Column({ name: 'target_path', type: 'text', nullable: true })
  targetPath!: string | null;

  /** SHA-256 of the tagged file, recorded before the move so a re-run finds it among numbered names. */
  @Column({ name: 'expected_sha256', type: 'text', nullable: true })
  expectedSha256!: string | null;

  @Column({ name: 'result_path', type: 'text', nullable: true })
  resultPath!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Index()
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

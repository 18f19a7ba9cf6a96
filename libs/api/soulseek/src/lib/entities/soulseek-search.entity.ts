import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SoulseekProfileId, SoulseekSearchStatus, SoulseekSearchStep } from '@soulspot/shared/contracts';

/** One interactive search for a wanted track: the query plan it ran and what came of it. */
@Entity('soulseek_searches')
export class SoulseekSearchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  status!: SoulseekSearchStatus;

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

  @Column({ type: 'jsonb', default: () => "'[]'" })
  steps!: SoulseekSearchStep[];

  @Column({ name: 'accepted_count', type: 'integer', default: 0 })
  acceptedCount!: number;

  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Index()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

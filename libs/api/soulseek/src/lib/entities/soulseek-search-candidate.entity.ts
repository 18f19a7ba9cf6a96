import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SoulseekSearchEntity } from './soulseek-search.entity';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** Every file a search saw: accepted ones with their scores and rank, rejected ones with the reason. */
@Entity('soulseek_search_candidates')
@Index(['searchId', 'accepted', 'position'])
export class SoulseekSearchCandidateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'search_id', type: 'uuid' })
  searchId!: string;

  @ManyToOne(() => SoulseekSearchEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'search_id' })
  search?: SoulseekSearchEntity;

  @Column({ type: 'boolean' })
  accepted!: boolean;

  /** Order within its list: the rank for accepted files, the matcher's order for rejected ones. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size!: number;

  @Column({ name: 'length_seconds', type: 'integer', nullable: true })
  lengthSeconds!: number | null;

  @Column({ name: 'bit_rate', type: 'integer', nullable: true })
  bitRate!: number | null;

  @Column({ name: 'bit_depth', type: 'integer', nullable: true })
  bitDepth!: number | null;

  @Column({ name: 'sample_rate', type: 'integer', nullable: true })
  sampleRate!: number | null;

  @Column({ name: 'upload_speed', type: 'integer' })
  uploadSpeed!: number;

  @Column({ name: 'queue_length', type: 'integer' })
  queueLength!: number;

  @Column({ name: 'has_free_upload_slot', type: 'boolean' })
  hasFreeUploadSlot!: boolean;

  @Column({ type: 'real', nullable: true })
  identity!: number | null;

  @Column({ type: 'real', nullable: true })
  quality!: number | null;

  @Column({ type: 'real', nullable: true })
  availability!: number | null;

  @Column({ type: 'smallint', nullable: true })
  band!: number | null;

  @Column({ name: 'quality_tier', type: 'smallint', nullable: true })
  qualityTier!: number | null;

  @Column({ name: 'avail_class', type: 'smallint', nullable: true })
  availClass!: number | null;

  @Column({ name: 'eta_seconds', type: 'integer', nullable: true })
  etaSeconds!: number | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons!: string[];

  @Column({ name: 'reject_reason', type: 'text', nullable: true })
  rejectReason!: string | null;

  @Column({ name: 'reject_detail', type: 'text', nullable: true })
  rejectDetail!: string | null;
}

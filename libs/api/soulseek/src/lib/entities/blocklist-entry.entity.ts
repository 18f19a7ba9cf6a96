import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BlocklistKind } from '@soulspot/shared/contracts';

/** A peer, a file (on any peer) or one peer's file that the engine must not download from. */
@Entity('download_blocklist')
export class BlocklistEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `kind \n username \n filename`: one entry per target (a repeat refreshes it). */
  @Index({ unique: true })
  @Column({ name: 'entry_key', type: 'text' })
  entryKey!: string;

  @Column({ type: 'text' })
  kind!: BlocklistKind;

  @Index()
  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ type: 'text', nullable: true })
  filename!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text' })
  source!: 'auto' | 'manual';

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

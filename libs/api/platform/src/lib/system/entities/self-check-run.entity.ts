import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SelfCheckStatus, SelfCheckStep } from '@soulspot/shared/contracts';

@Entity('self_check_runs')
export class SelfCheckRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  status!: SelfCheckStatus;

  @Index()
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  steps!: SelfCheckStep[];
}

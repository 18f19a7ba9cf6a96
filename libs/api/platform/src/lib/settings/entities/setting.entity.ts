import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Runtime settings by section ("general", later "slskd", "spotify", ...), each a validated JSON document. */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn({ type: 'text' })
  section!: string;

  @Column({ type: 'jsonb' })
  value!: Record<string, unknown>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

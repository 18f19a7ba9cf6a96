import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The connected Spotify account (one per instance). Both tokens are sealed with SecretBox
 * (AES-256-GCM); the refresh token rotates on every refresh and is replaced in one UPDATE.
 */
@Entity('spotify_tokens')
export class SpotifyTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'spotify_user_id', type: 'text' })
  spotifyUserId!: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ name: 'access_token_sealed', type: 'text' })
  accessTokenSealed!: string;

  @Column({ name: 'refresh_token_sealed', type: 'text' })
  refreshTokenSealed!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes!: string[];

  /** 'connected' or 'reconnect_required' (the grant was revoked or expired: jobs stop retrying). */
  @Column({ type: 'text', default: 'connected' })
  status!: 'connected' | 'reconnect_required';

  /** Daily quota exhausted: no Spotify request before this time. */
  @Column({ name: 'paused_until', type: 'timestamptz', nullable: true })
  pausedUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

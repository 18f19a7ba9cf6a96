import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SpotifyTokenEntity } from '../entities/spotify-token.entity';

export interface SealedTokens {
  accessTokenSealed: string;
  refreshTokenSealed: string;
  expiresAt: Date;
  scopes: string[];
}


@Injectable()
export class SpotifyTokenRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(): Promise<SpotifyTokenEntity | null> {
    return (await this.db.getRepository(SpotifyTokenEntity).find({ order: { createdAt: 'DESC' }, take: 1 }))[0] ?? null;
  }

  /** A new grant replaces whatever was there (one account per instance). */
  async replace(values: SealedTokens & { spotifyUserId: string; displayName: string | null }): Promise<SpotifyTokenEntity> {
    return this.db.transaction(async (m) => {
      await m.query('DELETE FROM spotify_tokens');
      const repo = m.getRepository(SpotifyTokenEntity);
      return repo.save(repo.create({ ...values, status: 'connected', pausedUntil: null }));
    });
  }

  async deleteAll(): Promise<number> {
    const res = (await this.db.query('DELETE FROM spotify_tokens RETURNING id')) as unknown;
    return Array.isArray(res) && Array.isArray(res[0]) ? (res[0] as unknown[]).length : 0;
  }

  async setStatus(id: string, status: SpotifyTokenEntity['status']): Promise<void> {
    await this.db.query('UPDATE spotify_tokens SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
  }

  async setPausedUntil(id: string, until: Date | null): Promise<void> {
    await this.db.query('UPDATE spotify_tokens SET paused_until = $2, updated_at = now() WHERE id = $1', [id, until]);
  }

  /**
   * Refresh under a row lock so two processes (api and worker) never spend the same rotating refresh
   * token twice: the second waits, then sees the fresh token and uses it. `decide` runs with the lock
   * held and gets the locked row; the new tokens are written in one UPDATE in the same transaction.
   * A failure does not roll back the status change `onFailure` asks for (reconnect_required).
   */
  async refreshLocked(
    id: string,
    decide: (row: SpotifyTokenEntity) => boolean,
    refresh: (row: SpotifyTokenEntity) => Promise<SealedTokens>,
    onFailure: (error: unknown) => SpotifyTokenEntity['status'] | null,
  ): Promise<SpotifyTokenEntity | null> {
    let failure: { error: unknown; status: SpotifyTokenEntity['status'] | null } | undefined;
    const result = await this.db.transaction(async (m) => {
      const row = await m.getRepository(SpotifyTokenEntity).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
      if (!row) return null;
      if (!decide(row)) return row;
      try {
        const next = await refresh(row);
        await m.query(
          `UPDATE spotify_tokens SET access_token_sealed = $2, refresh_token_sealed = $3, expires_at = $4, scopes = $5, status = 'connected', updated_at = now() WHERE id = $1`,
          [id, next.accessTokenSealed, next.refreshTokenSealed, next.expiresAt, next.scopes],
        );
        return { ...row, ...next, status: 'connected' as const };
      } catch (error) {
        const status = onFailure(error);
        if (status) await m.query('UPDATE spotify_tokens SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
        failure = { error, status };
        return row;
      }
    });
    if (failure) throw failure.error;
    return result;
  }
}

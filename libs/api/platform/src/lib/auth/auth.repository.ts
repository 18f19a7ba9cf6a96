import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, Not } from 'typeorm';
import { ApiKeyEntity } from './entities/api-key.entity';
import { SessionEntity } from './entities/session.entity';
import { UserEntity } from './entities/user.entity';

const SINGLE_ADMIN_LOCK = 7_302_441_979;

@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async countUsers(): Promise<number> {
    return this.db.getRepository(UserEntity).count();
  }

  findUserByUsername(username: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ username: username.toLowerCase() });
  }

  findUserById(id: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ id });
  }

  /** Creates the admin only if no user exists yet; returns null when someone else won the race. */
  async createFirstUser(username: string, passwordHash: string): Promise<UserEntity | null> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SINGLE_ADMIN_LOCK]);
      if ((await tx.getRepository(UserEntity).count()) > 0) return null;
      return tx.getRepository(UserEntity).save(tx.getRepository(UserEntity).create({ username: username.toLowerCase(), passwordHash }));
    });
  }

  /** Changes the password and signs out every other session of the user, in one transaction. */
  async updatePassword(userId: string, passwordHash: string, keepSessionId?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(UserEntity).update({ id: userId }, { passwordHash });
      await tx.getRepository(SessionEntity).delete(keepSessionId ? { userId, id: Not(keepSessionId) } : { userId });
    });
  }

  createSession(data: Pick<SessionEntity, 'tokenHash' | 'userId' | 'csrfToken' | 'expiresAt' | 'userAgent'>): Promise<SessionEntity> {
    const repo = this.db.getRepository(SessionEntity);
    return repo.save(repo.create(data));
  }

  findSessionByTokenHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.db.getRepository(SessionEntity).findOne({ where: { tokenHash }, relations: { user: true } });
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.getRepository(SessionEntity).delete({ id });
  }

  async deleteExpiredSessions(now = new Date()): Promise<number> {
    const r = await this.db.getRepository(SessionEntity).delete({ expiresAt: LessThan(now) });
    return r.affected ?? 0;
  }

  getApiKeyForUser(userId: string): Promise<ApiKeyEntity | null> {
    return this.db.getRepository(ApiKeyEntity).findOneBy({ userId });
  }

  findApiKeyByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.db.getRepository(ApiKeyEntity).findOne({ where: { keyHash }, relations: { user: true } });
  }

  /** Replaces the user's key (one active key per user). */
  async replaceApiKey(userId: string, keyHash: string, keySealed: string): Promise<ApiKeyEntity> {
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ApiKeyEntity);
      await repo.delete({ userId });
      return repo.save(repo.create({ userId, keyHash, keySealed }));
    });
  }
}

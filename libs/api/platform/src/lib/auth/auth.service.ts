import { ConflictException, HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import type { ApiKeyInfo, OnboardingStatus, SessionInfo } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, SecretBox, randomToken, sha256 } from '@soulspot/api/core';
import { AuthContext } from './auth.decorators';
import { AuthRepository } from './auth.repository';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordHasher } from './password-hasher';

export interface IssuedSession {
  token: string;
  info: SessionInfo;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  // Verifying against a real hash when the user does not exist keeps response times equal,
  // so timing does not reveal whether a username exists.
  private dummyHash?: Promise<string>;

  constructor(
    private readonly repo: AuthRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginRateLimiter,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onboardingStatus(): Promise<OnboardingStatus> {
    return { needsOnboarding: (await this.repo.countUsers()) === 0 };
  }

  async onboard(username: string, password: string, userAgent: string | null): Promise<IssuedSession> {
    const user = await this.repo.createFirstUser(username, await this.hasher.hash(password));
    if (!user) throw new ConflictException('The admin account already exists; log in instead');
    await this.issueApiKey(user.id);
    this.logger.log(`admin account "${user.username}" created`);
    return this.startSession(user.id, user.username, userAgent);
  }

  async login(username: string, password: string, ip: string, userAgent: string | null): Promise<IssuedSession> {
    const waitMs = await this.limiter.blockedForMs(ip, username);
    if (waitMs > 0) {
      throw new HttpException({ message: `Too many failed logins; try again in ${Math.ceil(waitMs / 1000)} s`, retryAfterSeconds: Math.ceil(waitMs / 1000) }, HttpStatus.TOO_MANY_REQUESTS);
    }
    const user = await this.repo.findUserByUsername(username);
    this.dummyHash ??= this.hasher.hash(randomToken(16));
    const ok = await this.hasher.verify(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok) {
      await this.limiter.recordFailure(ip, username);
      this.logger.warn(`failed login for "${username}" from ${ip}`);
      throw new UnauthorizedException('Wrong username or password');
    }
    await this.limiter.recordSuccess(ip, username);
    return this.startSession(user.id, user.username, userAgent);
  }

  async logout(sessionId: string): Promise<void> {
    await this.repo.deleteSession(sessionId);
  }

  async changePassword(auth: AuthContext, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.repo.findUserById(auth.userId);
    if (!user || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      // 400, not 401: the caller is logged in, the form value is wrong.
      throw new HttpException({ message: 'Current password is wrong', errors: ['currentPassword is wrong'] }, HttpStatus.BAD_REQUEST);
    }
    await this.repo.updatePassword(user.id, await this.hasher.hash(newPassword), auth.sessionId);
  }

  /** Resolves a session cookie; null if unknown or expired. */
  async authenticateSession(token: string): Promise<AuthContext | null> {
    const session = await this.repo.findSessionByTokenHash(sha256(token));
    if (!session || !session.user) return null;
    if (session.expiresAt.getTime() <= Date.now()) {
      await this.repo.deleteSession(session.id);
      return null;
    }
    return { userId: session.userId, username: session.user.username, via: 'session', sessionId: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  async authenticateApiKey(key: string): Promise<AuthContext | null> {
    const row = await this.repo.findApiKeyByHash(sha256(key));
    if (!row || !row.user) return null;
    return { userId: row.userId, username: row.user.username, via: 'api-key' };
  }

  async getApiKey(userId: string): Promise<ApiKeyInfo> {
    const row = (await this.repo.getApiKeyForUser(userId)) ?? null;
    if (!row) return this.issueApiKey(userId);
    return { apiKey: this.box.decrypt(row.keySealed), createdAt: row.createdAt.toISOString() };
  }

  async issueApiKey(userId: string): Promise<ApiKeyInfo> {
    const key = `ss_${randomToken(24)}`;
    const row = await this.repo.replaceApiKey(userId, sha256(key), this.box.encrypt(key));
    return { apiKey: key, createdAt: row.createdAt.toISOString() };
  }

  sessionInfo(auth: AuthContext): SessionInfo {
    return { username: auth.username, csrfToken: auth.csrfToken ?? '', expiresAt: (auth.expiresAt ?? new Date()).toISOString() };
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.repo.deleteExpiredSessions();
  }

  private async startSession(userId: string, username: string, userAgent: string | null): Promise<IssuedSession> {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await this.repo.createSession({ tokenHash: sha256(token), userId, csrfToken, expiresAt, userAgent: userAgent?.slice(0, 300) ?? null });
    return { token, info: { username, csrfToken, expiresAt: expiresAt.toISOString() } };
  }
}

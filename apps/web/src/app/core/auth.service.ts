import { inject, Injectable } from '@angular/core';
import type { LoginRequest, OnboardRequest, SessionInfo } from '@soulspot/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { AuthApi } from '../data-access/auth.api';
import { ApiError } from './api-error';
import { EventStreamService } from './event-stream.service';
import { SessionStore } from './session.store';

/** Sign-in use cases on top of AuthApi; guards and pages talk to this, not to the API directly. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AuthApi);
  private readonly store = inject(SessionStore);
  private readonly events = inject(EventStreamService);
  private pendingRestore: Promise<SessionInfo | null> | null = null;

  /** Known session, or the one the cookie still carries after a reload; null when signed out. */
  async currentSession(): Promise<SessionInfo | null> {
    const known = this.store.session();
    if (known) return known;
    // Several guards may ask at once during the first navigation; one request answers all.
    this.pendingRestore ??= firstValueFrom(this.api.session())
      .then((session) => {
        this.store.set(session);
        return session;
      })
      .catch(() => null)
      .finally(() => (this.pendingRestore = null));
    return this.pendingRestore;
  }

  /** Unknown (server down) counts as "no": the login page then explains the server is unreachable. */
  async needsOnboarding(): Promise<boolean> {
    try {
      const status = await firstValueFrom(this.api.onboardingStatus());
      return status.needsOnboarding;
    } catch {
      return false;
    }
  }

  async login(request: LoginRequest): Promise<SessionInfo> {
    const session = await firstValueFrom(this.api.login(request));
    this.store.set(session);
    return session;
  }

  async onboard(request: OnboardRequest): Promise<SessionInfo> {
    const session = await firstValueFrom(this.api.onboard(request));
    this.store.set(session);
    return session;
  }

  async logout(): Promise<void> {
    this.events.disconnect();
    try {
      await firstValueFrom(this.api.logout(), { defaultValue: undefined });
    } catch (error) {
      // Already signed out on the server side is the outcome we wanted anyway.
      if (!(error instanceof ApiError)) throw error;
    } finally {
      this.store.clear();
    }
  }
}

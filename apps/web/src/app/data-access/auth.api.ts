import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ApiKeyInfo,
  ChangePasswordRequest,
  LoginRequest,
  OnboardingStatus,
  OnboardRequest,
  SessionInfo,
} from '@soulspot/shared/contracts';
import type { Observable } from 'rxjs';
import { inlineErrors, NOTIFY_ERRORS, quietProbe, SKIP_AUTH_REDIRECT } from '../core/http-context';

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  onboardingStatus(): Observable<OnboardingStatus> {
    return this.http.get<OnboardingStatus>('/api/auth/onboarding', { context: quietProbe() });
  }

  onboard(body: OnboardRequest): Observable<SessionInfo> {
    return this.http.post<SessionInfo>('/api/auth/onboarding', body, { context: inlineErrors() });
  }

  login(body: LoginRequest): Observable<SessionInfo> {
    return this.http.post<SessionInfo>('/api/auth/login', body, { context: inlineErrors() });
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null, { context: quietProbe() });
  }

  session(): Observable<SessionInfo> {
    return this.http.get<SessionInfo>('/api/auth/session', { context: quietProbe() });
  }

  /**
   * Asks whether the session is still valid; unlike `session()` a 401 here goes through the
   * interceptor's sign-out redirect. Used when the live stream drops, which is often the first sign.
   */
  checkSession(): Observable<SessionInfo> {
    return this.http.get<SessionInfo>('/api/auth/session', { context: new HttpContext().set(NOTIFY_ERRORS, false) });
  }

  /** A 401 here can mean "current password is wrong", so it must not log the user out. */
  changePassword(body: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>('/api/auth/password', body, {
      context: inlineErrors().set(SKIP_AUTH_REDIRECT, true),
    });
  }

  apiKey(): Observable<ApiKeyInfo> {
    return this.http.get<ApiKeyInfo>('/api/auth/api-key');
  }

  regenerateApiKey(): Observable<ApiKeyInfo> {
    return this.http.post<ApiKeyInfo>('/api/auth/api-key', null);
  }
}

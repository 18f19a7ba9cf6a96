import { computed, Injectable, signal } from '@angular/core';
import type { SessionInfo } from '@soulspot/shared/contracts';

/**
 * The signed-in session as the browser knows it. Plain state with no dependencies, so the HTTP
 * interceptor can read the CSRF token without creating an injection cycle through HttpClient.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly current = signal<SessionInfo | null>(null);
  readonly session = this.current.asReadonly();
  readonly csrfToken = computed(() => this.current()?.csrfToken ?? null);
  readonly username = computed(() => this.current()?.username ?? null);
  readonly isAuthenticated = computed(() => this.current() !== null);

  set(session: SessionInfo): void {
    this.current.set(session);
  }

  clear(): void {
    this.current.set(null);
  }
}

export interface OnboardingStatus {
  /** True until the single admin account exists. */
  needsOnboarding: boolean;
}

export interface OnboardRequest {
  username: string;
  password: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SessionInfo {
  username: string;
  /** Must be sent as the `X-CSRF-Token` header on every state-changing request made with the session cookie. */
  csrfToken: string;
  expiresAt: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ApiKeyInfo {
  /** The key for the `X-Api-Key` header. */
  apiKey: string;
  createdAt: string;
}

/** Header names shared by the api and the web client. */
export const CSRF_HEADER = 'X-CSRF-Token';
export const API_KEY_HEADER = 'X-Api-Key';
export const SESSION_COOKIE = 'soulspot_session';

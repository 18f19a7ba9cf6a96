import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/**
 * Pages behind sign-in. Without a session: first start goes to onboarding (no admin yet), otherwise
 * to login with the requested URL kept for afterwards.
 */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.currentSession()) return true;
  if (await auth.needsOnboarding()) return router.createUrlTree(['/onboarding']);
  const returnUrl = state.url && state.url !== '/' ? state.url : undefined;
  return router.createUrlTree(['/login'], { queryParams: returnUrl ? { returnUrl } : {} });
};

/** The login page: pointless when signed in, wrong before the admin exists. */
export const loginGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.currentSession()) return router.createUrlTree(['/']);
  if (await auth.needsOnboarding()) return router.createUrlTree(['/onboarding']);
  return true;
};

/** Onboarding can only happen once. */
export const onboardingGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.needsOnboarding()) return true;
  return router.createUrlTree([(await auth.currentSession()) ? '/' : '/login']);
};

/** Only same-app paths, so a crafted link cannot send the user to another site after login. */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

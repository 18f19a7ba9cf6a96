import { HttpErrorResponse, type HttpInterceptorFn, HttpRequest, HttpResponse } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { CSRF_HEADER, type SessionInfo } from '@soulspot/shared/contracts';
import { catchError, filter, switchMap, take, throwError } from 'rxjs';
import { type ApiError, toApiError } from './api-error';
import { NOTIFY_ERRORS, SKIP_AUTH_REDIRECT } from './http-context';
import { NotificationService } from './notification.service';
import { SessionStore } from './session.store';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A 401 from these means "wrong credentials", never "your session ended". */
const CREDENTIAL_ENDPOINTS = ['/api/auth/login', '/api/auth/onboarding'];

function isOwnApi(url: string): boolean {
  // Relative URLs only: the token must never leak to another origin.
  return url.startsWith('/api/') || url === '/api';
}

function pathOf(url: string): string {
  return url.split('?')[0] ?? url;
}

/** Field errors say what to fix; the correlation id lets the admin find the server log line. */
function toastText(error: ApiError): string {
  let text = error.fieldErrors.length ? `${error.message}: ${error.fieldErrors.join('; ')}` : error.message;
  if (error.status >= 500 && error.correlationId) text += ` (reference ${error.correlationId})`;
  return text;
}

/**
 * The one interceptor: attaches the CSRF token to state-changing calls and turns every HTTP failure
 * into an `ApiError` with a readable message, shown as a notification unless the caller handles it.
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(SessionStore);
  const notifications = inject(NotificationService);
  const router = inject(Router);

  const withToken = (request: HttpRequest<unknown>, token: string | null) =>
    token && MUTATING_METHODS.has(request.method) && isOwnApi(request.url)
      ? request.clone({ setHeaders: { [CSRF_HEADER]: token } })
      : request;
  const outgoing = withToken(req, session.csrfToken());

  /**
   * A sign-in in another tab replaces the session cookie, so this tab's token belongs to a dead
   * session and every change fails with 403. Fetch the token of the cookie we now hold and retry once.
   */
  const refreshTokenAndRetry = () =>
    next(new HttpRequest('GET', '/api/auth/session')).pipe(
      filter((event): event is HttpResponse<SessionInfo> => event instanceof HttpResponse),
      take(1),
      switchMap((response) => {
        const fresh = response.body;
        if (!fresh) return throwError(() => new HttpErrorResponse({ status: 401, url: '/api/auth/session' }));
        session.set(fresh);
        return next(withToken(req, fresh.csrfToken));
      }),
    );

  return next(outgoing).pipe(
    catchError((failure: unknown) =>
      failure instanceof HttpErrorResponse && failure.status === 403 && outgoing.headers.has(CSRF_HEADER)
        ? refreshTokenAndRetry()
        : throwError(() => failure),
    ),
    catchError((failure: unknown) => {
      if (!(failure instanceof HttpErrorResponse)) return throwError(() => failure);
      const error = toApiError(failure);
      const credentialCall = CREDENTIAL_ENDPOINTS.includes(pathOf(req.url));

      if (error.status === 401 && !credentialCall && !req.context.get(SKIP_AUTH_REDIRECT)) {
        session.clear();
        const current = router.url;
        if (!current.startsWith('/login')) {
          notifications.info('Your session has ended. Please sign in again.');
          const returnUrl = current && current !== '/' ? current : undefined;
          void router.navigate(['/login'], { queryParams: returnUrl ? { returnUrl } : {} });
        }
      } else if (req.context.get(NOTIFY_ERRORS)) {
        notifications.error(toastText(error));
      }
      return throwError(() => error);
    }),
  );
};

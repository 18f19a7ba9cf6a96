import { HttpContext, HttpContextToken } from '@angular/common/http';

/** Set to false when the caller shows the error itself (inline form errors, expected probes). */
export const NOTIFY_ERRORS = new HttpContextToken<boolean>(() => true);
/** Set to true when a 401 is an expected answer (session probe, wrong current password). */
export const SKIP_AUTH_REDIRECT = new HttpContextToken<boolean>(() => false);

/** For form submissions: the form shows the message, a 401 means "wrong credentials", not "logged out". */
export function inlineErrors(): HttpContext {
  return new HttpContext().set(NOTIFY_ERRORS, false);
}

/** For requests whose failure is an answer, not a problem (e.g. "is there a session?"). */
export function quietProbe(): HttpContext {
  return new HttpContext().set(NOTIFY_ERRORS, false).set(SKIP_AUTH_REDIRECT, true);
}

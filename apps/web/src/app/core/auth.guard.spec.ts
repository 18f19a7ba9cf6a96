import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type ActivatedRouteSnapshot, provideRouter, Router, type RouterStateSnapshot, UrlTree } from '@angular/router';
import type { SessionInfo } from '@soulspot/shared/contracts';
import { authGuard, loginGuard, onboardingGuard, safeReturnUrl } from './auth.guard';
import { EVENT_SOURCE_FACTORY } from './event-stream.service';
import { SessionStore } from './session.store';

const session: SessionInfo = { username: 'admin', csrfToken: 't', expiresAt: '2030-01-01T00:00:00Z' };

describe('auth guards', () => {
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: () => ({}) },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => backend.verify());

  function runAuthGuard(url: string): Promise<unknown> {
    return TestBed.runInInjectionContext(() =>
      authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    ) as Promise<unknown>;
  }

  /** Lets pending promise callbacks issue their next request. */
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  function noSession(): void {
    backend
      .expectOne('/api/auth/session')
      .flush({ statusCode: 401, message: 'Unauthorized', correlationId: 'c' }, { status: 401, statusText: 'x' });
  }

  it('lets a known session through without asking the server', async () => {
    TestBed.inject(SessionStore).set(session);
    await expect(runAuthGuard('/system')).resolves.toBe(true);
  });

  it('restores the session from the cookie after a reload', async () => {
    const result = runAuthGuard('/settings');
    backend.expectOne('/api/auth/session').flush(session);
    await expect(result).resolves.toBe(true);
    expect(TestBed.inject(SessionStore).csrfToken()).toBe('t');
  });

  it('sends the first visitor to onboarding when no admin exists', async () => {
    const result = runAuthGuard('/dashboard');
    noSession();
    await settle();
    backend.expectOne('/api/auth/onboarding').flush({ needsOnboarding: true });
    const tree = (await result) as UrlTree;
    expect(router.serializeUrl(tree)).toBe('/onboarding');
  });

  it('sends a signed-out user to login and keeps the requested URL', async () => {
    const result = runAuthGuard('/system?tab=queues');
    noSession();
    await settle();
    backend.expectOne('/api/auth/onboarding').flush({ needsOnboarding: false });
    const tree = (await result) as UrlTree;
    expect(tree.queryParams).toEqual({ returnUrl: '/system?tab=queues' });
    expect(router.serializeUrl(tree)).toMatch(/^\/login\?returnUrl=/);
  });

  it('asks the server once when several guards run together', async () => {
    const first = runAuthGuard('/a');
    const second = runAuthGuard('/b');
    backend.expectOne('/api/auth/session').flush(session);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
  });

  it('redirects a signed-in user away from the login page', async () => {
    TestBed.inject(SessionStore).set(session);
    const tree = (await TestBed.runInInjectionContext(() =>
      loginGuard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
    )) as UrlTree;
    expect(router.serializeUrl(tree)).toBe('/');
  });

  it('closes onboarding once the admin exists', async () => {
    const result = TestBed.runInInjectionContext(() =>
      onboardingGuard({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
    ) as Promise<UrlTree>;
    backend.expectOne('/api/auth/onboarding').flush({ needsOnboarding: false });
    await settle();
    noSession();
    expect(router.serializeUrl(await result)).toBe('/login');
  });

  it.each([
    ['/system', '/system'],
    ['//evil.example/x', '/'],
    ['https://evil.example', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
  ])('safeReturnUrl(%p) is %p', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});

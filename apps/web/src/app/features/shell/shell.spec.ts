import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, type EventSourceLike } from '../../core/event-stream.service';
import { SessionStore } from '../../core/session.store';
import { NAV_ITEMS, Shell } from './shell';

@Component({ selector: 'ss-blank', template: '<h1>page</h1>' })
class Blank {}

describe('Shell', () => {
  let fixture: ComponentFixture<Shell>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  let sources: { onopen: EventSourceLike['onopen']; onerror: EventSourceLike['onerror']; closed: boolean }[];
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    sources = [];
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([
          { path: 'login', component: Blank },
          ...NAV_ITEMS.map((item) => ({ path: item.path.slice(1), component: Blank })),
        ]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: () => {
            const source = {
              onopen: null as EventSourceLike['onopen'],
              onerror: null as EventSourceLike['onerror'],
              closed: false,
              addEventListener: () => undefined,
              close() {
                this.closed = true;
              },
            };
            sources.push(source);
            return source;
          },
        },
      ],
    });
    TestBed.inject(SessionStore).set({ username: 'admin', csrfToken: 'c', expiresAt: '2030-01-01T00:00:00Z' });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Shell);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/settings/general').flush({ instanceName: 'Attic', logLevel: 'info', libraryPath: '/music' });
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('links every area and marks the current one with aria-current', async () => {
    for (const label of ['dashboard', 'playlists', 'library', 'downloads', 'search', 'automation', 'settings', 'system']) {
      expect(byTestId(`nav-${label}`)).not.toBeNull();
    }
    await TestBed.inject(Router).navigateByUrl('/system');
    await fixture.whenStable();
    expect(byTestId('nav-system')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('nav-dashboard')?.hasAttribute('aria-current')).toBe(false);
  });

  it('opens the event stream once and shows when it is live', async () => {
    expect(sources).toHaveLength(1);
    expect(byTestId('live-indicator')?.dataset['state']).toBe('connecting');
    sources[0]?.onopen?.call(sources[0] as unknown as EventSourceLike, new Event('open'));
    await fixture.whenStable();
    expect(byTestId('live-indicator')?.dataset['state']).toBe('live');
    expect(byTestId('live-indicator')?.textContent).toContain('Live');
  });

  it('shows the user and instance name', () => {
    expect(byTestId('current-user')?.textContent).toContain('admin');
    expect(byTestId('instance-name')?.textContent).toContain('Attic');
  });

  it('toggles the phone navigation and reports it with aria-expanded', async () => {
    const toggle = byTestId('nav-toggle');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
  });

  it('signs out: ends the session, closes the stream and goes to /login', async () => {
    byTestId('logout-button')?.click();
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.method).toBe('POST');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(false);
    expect(sources[0]?.closed).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('checks the session when the stream drops and signs out if it expired', async () => {
    await TestBed.inject(Router).navigateByUrl('/library');
    sources[0]?.onerror?.call(sources[0] as unknown as EventSourceLike, new Event('error'));
    await fixture.whenStable();
    backend
      .expectOne('/api/auth/session')
      .flush({ statusCode: 401, message: 'Unauthorized', correlationId: 'c' }, { status: 401, statusText: 'x' });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Flibrary');
  });
});

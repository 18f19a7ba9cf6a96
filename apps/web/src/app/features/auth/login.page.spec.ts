import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { apiInterceptor } from '../../core/api.interceptor';
import { SessionStore } from '../../core/session.store';
import { LoginPage } from './login.page';

@Component({ selector: 'ss-blank', template: '' })
class Blank {}

describe('LoginPage', () => {
  let fixture: ComponentFixture<LoginPage>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  function type(id: string, value: string): void {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function signIn(username: string, password: string): Promise<void> {
    type('login-username', username);
    type('login-password', password);
    byTestId('login-form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  /** The page awaits promises after the response; let them finish, then render. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function create(returnUrl?: string): Promise<void> {
    fixture = TestBed.createComponent(LoginPage);
    if (returnUrl) fixture.componentRef.setInput('returnUrl', returnUrl);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([
          { path: 'downloads', component: Blank },
          { path: '', component: Blank },
        ]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('signs in and returns to the page the user asked for', async () => {
    await create('/downloads');
    await signIn('admin', 'correct-horse-battery');
    const req = backend.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ username: 'admin', password: 'correct-horse-battery' });
    req.flush({ username: 'admin', csrfToken: 'csrf', expiresAt: '2030-01-01T00:00:00Z' });
    await settle();
    expect(TestBed.inject(SessionStore).csrfToken()).toBe('csrf');
    expect(TestBed.inject(Router).url).toBe('/downloads');
  });

  it('ignores a return URL that points to another site', async () => {
    await create('//evil.example/phish');
    await signIn('admin', 'correct-horse-battery');
    backend.expectOne('/api/auth/login').flush({ username: 'admin', csrfToken: 'csrf', expiresAt: '2030-01-01T00:00:00Z' });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('says the credentials are wrong on 401 and clears the password', async () => {
    await create();
    await signIn('admin', 'nope-nope-nope');
    backend
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, message: 'Unauthorized', correlationId: 'c' }, { status: 401, statusText: 'x' });
    await settle();
    expect(byTestId('login-error')?.textContent).toContain('Wrong username or password.');
    expect((byTestId('login-password') as HTMLInputElement).value).toBe('');
  });

  it('tells the user how long to wait when rate limited', async () => {
    await create();
    await signIn('admin', 'guess-guess-guess');
    backend.expectOne('/api/auth/login').flush(
      { statusCode: 429, message: 'Too Many Requests', correlationId: 'c' },
      { status: 429, statusText: 'x', headers: { 'Retry-After': '120' } },
    );
    await settle();
    expect(byTestId('login-error')?.textContent).toContain('Try again in 2 minutes.');
  });

  it('asks for both fields before sending anything', async () => {
    await create();
    await signIn('', '');
    backend.expectNone('/api/auth/login');
    expect(byTestId('login-username')?.getAttribute('aria-invalid')).toBe('true');
  });
});

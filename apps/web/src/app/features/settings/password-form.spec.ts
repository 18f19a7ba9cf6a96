import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CSRF_HEADER } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { SessionStore } from '../../core/session.store';
import { PasswordForm } from './password-form';

describe('PasswordForm', () => {
  let fixture: ComponentFixture<PasswordForm>;
  let backend: HttpTestingController;
  let root: HTMLElement;

  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const isShown = (id: string) => {
    const element = byTestId(id);
    return element !== null && !element.hidden;
  };

  function type(id: string, value: string): void {
    const input = byTestId(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    (byTestId('password-form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [PasswordForm],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    TestBed.inject(SessionStore).set({ username: 'admin', csrfToken: 'csrf-1', expiresAt: '2030-01-01T00:00:00Z' });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PasswordForm);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows validation messages and sends nothing for an invalid form', async () => {
    type('password-new', 'short');
    type('password-confirm', 'different');
    await submit();

    expect(isShown('password-current-error')).toBe(true);
    expect(isShown('password-new-error')).toBe(true);
    expect(byTestId('password-new-error')?.textContent).toContain('at least 10 characters');
    expect(isShown('password-confirm-error')).toBe(true);
    expect(byTestId('password-confirm-error')?.textContent).toContain('The passwords do not match.');
    expect(byTestId('password-new')?.getAttribute('aria-invalid')).toBe('true');
    backend.expectNone('/api/auth/password');
  });

  it('sends the change with the CSRF token and confirms success', async () => {
    type('password-current', 'old-password-1');
    type('password-new', 'brand-new-password');
    type('password-confirm', 'brand-new-password');
    await submit();
    expect(isShown('password-new-error')).toBe(false);

    const req = backend.expectOne('/api/auth/password');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ currentPassword: 'old-password-1', newPassword: 'brand-new-password' });
    expect(req.request.headers.get(CSRF_HEADER)).toBe('csrf-1');
    req.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    expect(byTestId('password-success')?.textContent).toContain('Password changed');
    expect((byTestId('password-current') as HTMLInputElement).value).toBe('');
    expect(isShown('password-current-error')).toBe(false);
  });

  it('shows the server message when the current password is wrong', async () => {
    type('password-current', 'not-my-password');
    type('password-new', 'brand-new-password');
    type('password-confirm', 'brand-new-password');
    await submit();
    backend.expectOne('/api/auth/password').flush(
      { statusCode: 400, message: 'Current password is wrong', errors: ['currentPassword is wrong'], correlationId: 'c' },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(byTestId('password-error')?.textContent?.trim()).toBe('Current password is wrong');
  });

  it('lists field errors behind a generic validation message', async () => {
    type('password-current', 'old-password-1');
    type('password-new', 'brand-new-password');
    type('password-confirm', 'brand-new-password');
    await submit();
    backend.expectOne('/api/auth/password').flush(
      { statusCode: 400, message: 'Validation failed', errors: ['newPassword is too common'], correlationId: 'c' },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(byTestId('password-error')?.textContent?.trim()).toBe('newPassword is too common');
  });

  it('treats a 401 as a wrong current password, without signing out', async () => {
    type('password-current', 'not-my-password');
    type('password-new', 'brand-new-password');
    type('password-confirm', 'brand-new-password');
    await submit();
    backend
      .expectOne('/api/auth/password')
      .flush({ statusCode: 401, message: 'Unauthorized', correlationId: 'c' }, { status: 401, statusText: 'x' });
    await fixture.whenStable();

    expect(byTestId('password-error')?.textContent).toContain('The current password is wrong.');
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(true);
    expect(byTestId('password-success')).toBeNull();
  });
});

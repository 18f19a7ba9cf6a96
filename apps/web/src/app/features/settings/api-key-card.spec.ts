import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CSRF_HEADER } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { NotificationService } from '../../core/notification.service';
import { SessionStore } from '../../core/session.store';
import { ApiKeyCard } from './api-key-card';

describe('ApiKeyCard', () => {
  let fixture: ComponentFixture<ApiKeyCard>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const keyInput = () => byTestId('api-key-value') as HTMLInputElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ApiKeyCard],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    TestBed.inject(SessionStore).set({ username: 'admin', csrfToken: 'csrf-9', expiresAt: '2030-01-01T00:00:00Z' });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiKeyCard);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/auth/api-key').flush({ apiKey: 'key-old', createdAt: '2026-01-01T00:00:00Z' });
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('hides the key until asked', async () => {
    expect(keyInput().value).toBe('key-old');
    expect(keyInput().type).toBe('password');
    byTestId('api-key-show')?.click();
    await fixture.whenStable();
    expect(keyInput().type).toBe('text');
    expect(byTestId('api-key-show')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('copies the key to the clipboard', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    byTestId('api-key-copy')?.click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith('key-old');
    expect(TestBed.inject(NotificationService).notifications()[0]?.text).toContain('copied');
  });

  it('regenerates only after confirmation', async () => {
    byTestId('api-key-regenerate')?.click();
    await fixture.whenStable();
    backend.expectNone('/api/auth/api-key');
    expect(byTestId('api-key-confirm-panel')?.textContent).toContain('stops working');

    byTestId('api-key-cancel')?.click();
    await fixture.whenStable();
    expect(byTestId('api-key-confirm-panel')).toBeNull();

    byTestId('api-key-regenerate')?.click();
    await fixture.whenStable();
    byTestId('api-key-confirm')?.click();
    const req = backend.expectOne('/api/auth/api-key');
    expect(req.request.method).toBe('POST');
    expect(req.request.headers.get(CSRF_HEADER)).toBe('csrf-9');
    req.flush({ apiKey: 'key-new', createdAt: '2026-02-01T00:00:00Z' });
    await fixture.whenStable();

    expect(keyInput().value).toBe('key-new');
    expect(keyInput().type).toBe('text');
    expect(byTestId('api-key-confirm-panel')).toBeNull();
  });
});

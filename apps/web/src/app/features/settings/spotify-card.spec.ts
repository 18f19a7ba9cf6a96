import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import type { SpotifyConnection } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { SpotifyCard } from './spotify-card';

const base: SpotifyConnection = {
  configured: true,
  clientId: 'abcdef0123456789abcdef0123456789',
  redirectUri: 'http://127.0.0.1:8765/api/spotify/callback',
  connected: false,
  account: { id: 'jane', displayName: 'Jane' },
  status: 'reconnect_required',
  scopes: [],
  pausedUntil: null,
};

describe('SpotifyCard', () => {
  let fixture: ComponentFixture<SpotifyCard>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function create(query: Record<string, string>, conn: SpotifyConnection): Promise<void> {
    TestBed.configureTestingModule({
      imports: [SpotifyCard],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SpotifyCard);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/spotify/connection').flush(conn);
    await fixture.whenStable();
  }

  afterEach(() => backend.verify());

  it('shows the redirect URI to register and a reconnect call to action when the grant was revoked', async () => {
    await create({}, base);
    expect((byTestId('spotify-redirect-uri') as HTMLInputElement).value).toBe(base.redirectUri);
    expect(byTestId('spotify-status')?.getAttribute('data-status')).toBe('reconnect_required');
    expect(byTestId('spotify-status')?.textContent).toContain('Reconnect needed');
    expect(byTestId('spotify-connect')?.textContent?.trim()).toBe('Reconnect');
    expect((byTestId('spotify-client-id') as HTMLInputElement).value).toBe(base.clientId);
  });

  it('reports the outcome of the Spotify redirect', async () => {
    await create({ spotify: 'error', reason: 'You declined the authorisation on Spotify.' }, { ...base, status: 'not_connected', account: null, configured: true });
    expect(byTestId('spotify-outcome')?.textContent).toContain('You declined');
    expect(byTestId('spotify-connect')?.textContent?.trim()).toBe('Connect');
  });

  it('saves the client id and shows server validation errors inline', async () => {
    await create({}, { ...base, configured: false, clientId: null, status: 'not_connected', account: null });
    expect((byTestId('spotify-connect') as HTMLButtonElement).disabled).toBe(true);
    const input = byTestId('spotify-client-id') as HTMLInputElement;
    input.value = 'fedcba9876543210fedcba9876543210';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    byTestId('spotify-save')?.click();
    const req = backend.expectOne({ method: 'PUT', url: '/api/spotify/settings' });
    expect(req.request.body).toEqual({ clientId: 'fedcba9876543210fedcba9876543210' });
    req.flush({ statusCode: 400, message: 'Validation failed', errors: ['clientId must be the 32-character client id'], correlationId: 'c' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(byTestId('spotify-form-error')?.textContent).toContain('clientId must be');
  });
});

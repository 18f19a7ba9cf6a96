import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { SlskdSettings } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { SoulseekSettingsCard } from './soulseek-settings-card';

const stored: SlskdSettings = {
  url: 'http://slskd:5030',
  hasApiKey: true,
  configured: true,
  downloadsPathRemote: '',
  downloadsPathLocal: '/downloads',
  searchesPerWindow: 34,
  searchWindowSeconds: 220,
  searchMinGapMs: 2000,
  searchTimeoutMs: 8000,
};

describe('SoulseekSettingsCard', () => {
  let fixture: ComponentFixture<SoulseekSettingsCard>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SoulseekSettingsCard],
      providers: [provideZonelessChangeDetection(), provideHttpClient(withInterceptors([apiInterceptor])), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SoulseekSettingsCard);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/settings/slskd').flush(stored);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('never shows the stored key and keeps it when the field is left empty', async () => {
    const key = byTestId('slskd-api-key') as HTMLInputElement;
    expect(key.value).toBe('');
    expect(key.placeholder).toContain('Stored');
    byTestId('slskd-save')?.click();
    const put = backend.expectOne('/api/settings/slskd');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ url: 'http://slskd:5030', downloadsPathLocal: '/downloads' });
    put.flush(stored);
    await fixture.whenStable();
    expect(byTestId('slskd-saved')).not.toBeNull();
  });

  it('shows version, login state and downloads folder from the connection test, and a wrong key inline', async () => {
    byTestId('slskd-test')?.click();
    backend.expectOne('/api/soulseek/test-connection').flush({
      ok: true, version: '0.22.5', loggedIn: true, username: 'soulspot', state: 'Connected, LoggedIn', downloadsDir: '/app/downloads',
      message: 'Connected to slskd 0.22.5, logged in to Soulseek',
    });
    await fixture.whenStable();
    backend.expectOne('/api/settings/slskd').flush({ ...stored, downloadsPathRemote: '/app/downloads' });
    await fixture.whenStable();
    expect(byTestId('slskd-test-result')?.textContent).toContain('0.22.5');
    expect(byTestId('slskd-test-result')?.textContent).toContain('/app/downloads');
    expect((byTestId('slskd-remote-path') as HTMLInputElement).value).toBe('/app/downloads');

    byTestId('slskd-test')?.click();
    backend
      .expectOne('/api/soulseek/test-connection')
      .flush({ statusCode: 422, message: 'slskd rejected the API key', correlationId: 'x' }, { status: 422, statusText: 'Unprocessable Entity' });
    await fixture.whenStable();
    expect(byTestId('slskd-errors')?.textContent).toContain('rejected the API key');
  });
});

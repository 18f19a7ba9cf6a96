import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { DownloadSettings } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { DownloadSettingsCard } from './download-settings-card';

const stored: DownloadSettings = {
  maxActive: 4,
  maxPerUser: 2,
  maxSearching: 6,
  maxAttempts: 8,
  enqueueTimeoutSeconds: 180,
  remoteQueueTimeoutMinutes: 30,
  stallTimeoutSeconds: 120,
  maxAttemptMinutes: 120,
  retryBaseSeconds: 30,
  autoBlockAfterFailures: 5,
  autoBlockDays: 30,
  verifyDecode: true,
};

describe('DownloadSettingsCard', () => {
  let fixture: ComponentFixture<DownloadSettingsCard>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const input = (key: string) => byTestId(`dls-${key}`) as HTMLInputElement;
  const type = (key: string, value: string) => {
    input(key).value = value;
    input(key).dispatchEvent(new Event('input'));
  };
  const errorShown = (key: string) => !byTestId(`dls-${key}-error`)?.hasAttribute('hidden');

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [DownloadSettingsCard],
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(withInterceptors([apiInterceptor])), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DownloadSettingsCard);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/settings/downloads').flush(stored);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows the stored values, each field with its help text', () => {
    expect(input('maxActive').value).toBe('4');
    expect(input('autoBlockDays').value).toBe('30');
    expect((byTestId('dls-verifyDecode') as HTMLInputElement).checked).toBe(true);
    expect(root.querySelector('#dls-stallTimeoutSeconds-hint')?.textContent).toContain('No bytes for this long');
    expect(input('stallTimeoutSeconds').getAttribute('aria-describedby')).toContain('dls-stallTimeoutSeconds-hint');
    expect((byTestId('download-settings-save') as HTMLButtonElement).disabled).toBe(true);
    const legends = [...root.querySelectorAll('legend')].map((l) => l.textContent?.trim());
    expect(legends).toEqual(['How much runs at once', 'When to give up on a candidate', 'Retries and automatic blocking']);
    expect(root.querySelectorAll('fieldset input[type="number"]')).toHaveLength(11);
  });

  it('refuses empty, out-of-range and fractional values without calling the server', async () => {
    type('maxActive', '');
    type('enqueueTimeoutSeconds', '5');
    type('retryBaseSeconds', '1.5');
    byTestId('download-settings-form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(errorShown('maxActive')).toBe(true);
    expect(byTestId('dls-enqueueTimeoutSeconds-error')?.textContent).toBe('Enter a whole number from 10 to 3600.');
    expect(errorShown('retryBaseSeconds')).toBe(true);
    expect(input('enqueueTimeoutSeconds').getAttribute('aria-invalid')).toBe('true');
    expect(errorShown('maxAttempts')).toBe(false);
    backend.expectNone('/api/settings/downloads');
  });

  it('does not accept a per-peer limit above the global one', async () => {
    type('maxPerUser', '6');
    byTestId('download-settings-form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    expect(byTestId('dls-maxPerUser-error')?.textContent).toBe('Cannot be more than the transfers at once.');
    backend.expectNone('/api/settings/downloads');
  });

  it('saves every field and shows the server’s field errors inline', async () => {
    type('maxActive', '8');
    type('autoBlockAfterFailures', '0');
    (byTestId('dls-verifyDecode') as HTMLInputElement).click();
    await fixture.whenStable();
    byTestId('download-settings-save')?.click();
    const put = backend.expectOne('/api/settings/downloads');
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ ...stored, maxActive: 8, autoBlockAfterFailures: 0, verifyDecode: false });
    put.flush({ ...stored, maxActive: 8, autoBlockAfterFailures: 0, verifyDecode: false });
    await fixture.whenStable();
    expect(byTestId('download-settings-saved')).not.toBeNull();
    expect(input('maxActive').value).toBe('8');

    type('maxSearching', '7');
    await fixture.whenStable();
    byTestId('download-settings-save')?.click();
    backend
      .expectOne('/api/settings/downloads')
      .flush({ statusCode: 400, message: 'Validation failed', errors: ['maxSearching must not be greater than 5'], correlationId: 'c1' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(byTestId('download-settings-errors')?.textContent).toContain('maxSearching must not be greater than 5');
  });
});

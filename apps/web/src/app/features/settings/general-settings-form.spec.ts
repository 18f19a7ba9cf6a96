import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { GeneralSettings } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { NotificationService } from '../../core/notification.service';
import { GeneralSettingsForm } from './general-settings-form';

const stored: GeneralSettings = { instanceName: 'Home', logLevel: 'info', libraryPath: '/music' };

describe('GeneralSettingsForm', () => {
  let fixture: ComponentFixture<GeneralSettingsForm>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);

  function setValue(id: string, value: string, eventName = 'input'): void {
    const control = byTestId<HTMLInputElement | HTMLSelectElement>(id);
    if (!control) throw new Error(`${id} missing`);
    control.value = value;
    control.dispatchEvent(new Event(eventName));
    control.dispatchEvent(new Event('blur'));
  }

  async function submit(): Promise<void> {
    byTestId('general-form')?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [GeneralSettingsForm],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(GeneralSettingsForm);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/settings/general').flush(stored);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('fills the form with the stored settings', () => {
    expect(byTestId<HTMLInputElement>('general-instance-name')?.value).toBe('Home');
    expect(byTestId<HTMLSelectElement>('general-log-level')?.value).toBe('info');
    expect(byTestId<HTMLInputElement>('general-library-path')?.value).toBe('/music');
  });

  it('PATCHes only the changed fields and confirms', async () => {
    setValue('general-log-level', 'debug', 'change');
    await fixture.whenStable();
    await submit();
    const req = backend.expectOne('/api/settings/general');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ logLevel: 'debug' });
    req.flush({ ...stored, logLevel: 'debug' });
    await fixture.whenStable();
    expect(byTestId('general-success')).not.toBeNull();
  });

  it('blocks a relative library path before it reaches the server', async () => {
    setValue('general-library-path', 'music/here');
    await fixture.whenStable();
    await submit();
    backend.expectNone('/api/settings/general');
    expect(byTestId('general-library-path')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the server validation errors next to the form, not as a toast', async () => {
    setValue('general-library-path', '/does/not/exist');
    await fixture.whenStable();
    await submit();
    backend.expectOne('/api/settings/general').flush(
      {
        statusCode: 400,
        message: 'Invalid settings',
        errors: ['libraryPath does not exist on the server'],
        correlationId: 'c-9',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    const errors = byTestId('general-errors');
    expect(errors?.getAttribute('role')).toBe('alert');
    expect(errors?.textContent).toContain('Invalid settings');
    expect(errors?.textContent).toContain('libraryPath does not exist on the server');
    expect(byTestId('general-success')).toBeNull();
    expect(TestBed.inject(NotificationService).notifications()).toEqual([]);
  });
});

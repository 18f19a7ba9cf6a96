import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { SlskdSettings, SlskdTestConnectionResponse, UpdateSlskdSettingsRequest } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { SoulseekApi } from '../../data-access/soulseek.api';

const ABSOLUTE_OR_EMPTY = /^(\/.*)?$/;

/** Settings → Soulseek: where slskd is, its API key (write-only), the downloads folder mapping, and a connection test. */
@Component({
  selector: 'ss-soulseek-settings-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <section class="card" id="soulseek" aria-labelledby="soulseek-heading" data-testid="soulseek-settings">
      <h2 id="soulseek-heading">Soulseek (slskd)</h2>
      @if (loaded()) {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="slskd-form">
          <div class="field">
            <label for="slskd-url">slskd URL</label>
            <input id="slskd-url" class="mono" formControlName="url" placeholder="http://slskd:5030" [attr.aria-invalid]="show('url')"
              aria-describedby="slskd-url-hint slskd-url-error" data-testid="slskd-url" />
            <p id="slskd-url-hint" class="field__hint">Include the url_base if slskd runs under a sub-path, e.g. http://nas/slskd.</p>
            <p id="slskd-url-error" class="field__error" [hidden]="!show('url')">Enter an http(s) URL.</p>
          </div>
          <div class="field">
            <label for="slskd-key">API key</label>
            <input id="slskd-key" type="password" autocomplete="off" formControlName="apiKey" data-testid="slskd-api-key"
              [placeholder]="hasApiKey() ? 'Stored — leave empty to keep it' : 'From web.authentication.api_keys in slskd.yml'" />
          </div>
          <div class="field">
            <label for="slskd-remote">Downloads folder (as slskd sees it)</label>
            <input id="slskd-remote" class="mono" formControlName="downloadsPathRemote" placeholder="/app/downloads" [attr.aria-invalid]="show('downloadsPathRemote')"
              aria-describedby="slskd-remote-hint" data-testid="slskd-remote-path" />
            <p id="slskd-remote-hint" class="field__hint">Filled in from slskd's options when you test the connection.</p>
          </div>
          <div class="field">
            <label for="slskd-local">Same folder on SoulSpot's side</label>
            <input id="slskd-local" class="mono" formControlName="downloadsPathLocal" placeholder="/downloads" [attr.aria-invalid]="show('downloadsPathLocal')"
              aria-describedby="slskd-local-hint" data-testid="slskd-local-path" />
            <p id="slskd-local-hint" class="field__hint">Where slskd's downloads folder is mounted in the SoulSpot container (absolute path).</p>
          </div>
          @if (serverErrors().length) {
            <div class="alert alert--error" role="alert" data-testid="slskd-errors">
              <p>{{ serverMessage() }}</p>
              <ul>
                @for (problem of serverErrors(); track problem) {
                  <li>{{ problem }}</li>
                }
              </ul>
            </div>
          } @else if (serverMessage(); as message) {
            <p class="alert alert--error" role="alert" data-testid="slskd-errors">{{ message }}</p>
          }
          @if (saved()) {
            <p class="alert alert--success" role="status" data-testid="slskd-saved">Saved.</p>
          }
          @if (test(); as t) {
            <div class="alert" [class.alert--success]="t.loggedIn" [class.alert--error]="!t.loggedIn" role="status" data-testid="slskd-test-result">
              <p>{{ t.message }}</p>
              <p class="small">Version <span class="mono">{{ t.version }}</span> · state <span class="mono">{{ t.state }}</span>
                @if (t.username) { · user <span class="mono">{{ t.username }}</span> }
                @if (t.downloadsDir) { · downloads <span class="mono">{{ t.downloadsDir }}</span> }
              </p>
            </div>
          }
          <div class="form__actions">
            <button type="submit" class="button button--primary" [disabled]="busy()" data-testid="slskd-save">{{ busy() ? 'Saving…' : 'Save' }}</button>
            <button type="button" class="button" (click)="runTest()" [disabled]="testing() || !configured()" data-testid="slskd-test">
              {{ testing() ? 'Testing…' : 'Test connection' }}
            </button>
          </div>
        </form>
      } @else if (loadError(); as message) {
        <p class="alert alert--error" role="alert">{{ message }}</p>
      } @else {
        <p class="muted" aria-busy="true">Loading…</p>
      }
    </section>
  `,
})
export class SoulseekSettingsCard implements OnInit {
  private readonly api = inject(SoulseekApi);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly testing = signal(false);
  protected readonly hasApiKey = signal(false);
  protected readonly configured = signal(false);
  protected readonly test = signal<SlskdTestConnectionResponse | null>(null);
  protected readonly serverMessage = signal<string | null>(null);
  protected readonly serverErrors = signal<readonly string[]>([]);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    url: ['', [Validators.required, Validators.pattern(/^https?:\/\/\S+$/)]],
    apiKey: [''],
    downloadsPathRemote: ['', [Validators.pattern(ABSOLUTE_OR_EMPTY)]],
    downloadsPathLocal: ['', [Validators.pattern(ABSOLUTE_OR_EMPTY)]],
  });

  ngOnInit(): void {
    this.api.settings().subscribe({
      next: (s) => this.apply(s),
      error: (error: unknown) => this.loadError.set(errorMessage(error)),
    });
  }

  protected show(name: 'url' | 'downloadsPathRemote' | 'downloadsPathLocal'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected submit(): void {
    this.submitted.set(true);
    this.saved.set(false);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const v = this.form.getRawValue();
    const body: UpdateSlskdSettingsRequest = { url: v.url.trim() };
    if (v.apiKey) body.apiKey = v.apiKey;
    if (v.downloadsPathRemote) body.downloadsPathRemote = v.downloadsPathRemote.trim();
    if (v.downloadsPathLocal) body.downloadsPathLocal = v.downloadsPathLocal.trim();
    this.busy.set(true);
    this.serverMessage.set(null);
    this.serverErrors.set([]);
    this.api.updateSettings(body).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.saved.set(true);
        this.apply(s);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.serverMessage.set(errorMessage(error));
        this.serverErrors.set(error instanceof ApiError ? error.fieldErrors : []);
      },
    });
  }

  protected runTest(): void {
    this.testing.set(true);
    this.test.set(null);
    this.serverMessage.set(null);
    this.serverErrors.set([]);
    this.api.testConnection().subscribe({
      next: (result) => {
        this.testing.set(false);
        this.test.set(result);
        // slskd's downloads folder is stored as the default remote path: show it.
        this.api.settings().subscribe((s) => this.apply(s));
      },
      error: (error: unknown) => {
        this.testing.set(false);
        this.serverMessage.set(errorMessage(error));
      },
    });
  }

  private apply(s: SlskdSettings): void {
    this.form.reset({ url: s.url, apiKey: '', downloadsPathRemote: s.downloadsPathRemote, downloadsPathLocal: s.downloadsPathLocal });
    this.hasApiKey.set(s.hasApiKey);
    this.configured.set(s.configured);
    this.loaded.set(true);
  }
}

import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { GeneralSettings, LogLevel, UpdateGeneralSettingsRequest } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { SettingsApi } from '../../data-access/settings.api';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

@Component({
  selector: 'ss-general-settings-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <section class="card" aria-labelledby="general-heading">
      <h2 id="general-heading">General</h2>
      @if (loaded()) {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="general-form">
          <div class="field">
            <label for="gen-name">Instance name</label>
            <input id="gen-name" formControlName="instanceName" [attr.aria-invalid]="show('instanceName')"
              aria-describedby="gen-name-hint gen-name-error" data-testid="general-instance-name" />
            <p id="gen-name-hint" class="field__hint">Shown in the header and in notifications.</p>
            <p id="gen-name-error" class="field__error" [hidden]="!show('instanceName')">Give the instance a name.</p>
          </div>
          <div class="field">
            <label for="gen-log">Log level</label>
            <select id="gen-log" formControlName="logLevel" data-testid="general-log-level">
              @for (level of levels; track level) {
                <option [value]="level">{{ level }}</option>
              }
            </select>
          </div>
          <div class="field">
            <label for="gen-path">Library path</label>
            <input id="gen-path" class="mono" formControlName="libraryPath" [attr.aria-invalid]="show('libraryPath')"
              aria-describedby="gen-path-hint gen-path-error" data-testid="general-library-path" />
            <p id="gen-path-hint" class="field__hint">Absolute path of the music folder, as seen by the SoulSpot server.</p>
            <p id="gen-path-error" class="field__error" [hidden]="!show('libraryPath')">Enter an absolute path (starting with /).</p>
          </div>
          @if (serverErrors().length) {
            <div class="alert alert--error" role="alert" data-testid="general-errors">
              <p>{{ serverMessage() }}</p>
              <ul>
                @for (problem of serverErrors(); track problem) {
                  <li>{{ problem }}</li>
                }
              </ul>
            </div>
          } @else if (serverMessage(); as message) {
            <p class="alert alert--error" role="alert" data-testid="general-errors">{{ message }}</p>
          }
          @if (saved()) {
            <p class="alert alert--success" role="status" data-testid="general-success">Settings saved.</p>
          }
          <div class="form__actions">
            <button type="submit" class="button button--primary" [disabled]="busy() || form.pristine" data-testid="general-submit">
              {{ busy() ? 'Saving…' : 'Save' }}
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
export class GeneralSettingsForm implements OnInit {
  private readonly api = inject(SettingsApi);
  protected readonly levels = LOG_LEVELS;
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly serverMessage = signal<string | null>(null);
  protected readonly serverErrors = signal<readonly string[]>([]);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    instanceName: ['', [Validators.required, Validators.maxLength(100)]],
    logLevel: ['info' as LogLevel, [Validators.required]],
    libraryPath: ['', [Validators.required, Validators.pattern(/^\//)]],
  });

  ngOnInit(): void {
    this.api.general().subscribe({
      next: (settings) => this.apply(settings),
      error: (error: unknown) => this.loadError.set(errorMessage(error)),
    });
  }

  protected show(name: 'instanceName' | 'libraryPath'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected submit(): void {
    this.submitted.set(true);
    this.saved.set(false);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.serverMessage.set(null);
    this.serverErrors.set([]);
    this.api.updateGeneral(this.changedValues()).subscribe({
      next: (settings) => {
        this.busy.set(false);
        this.saved.set(true);
        this.apply(settings);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.serverMessage.set(errorMessage(error));
        this.serverErrors.set(error instanceof ApiError ? error.fieldErrors : []);
      },
    });
  }

  /** PATCH semantics: send only what the user touched, so concurrent edits elsewhere are not overwritten. */
  private changedValues(): UpdateGeneralSettingsRequest {
    const value = this.form.getRawValue();
    const changes: UpdateGeneralSettingsRequest = {};
    if (this.form.controls.instanceName.dirty) changes.instanceName = value.instanceName.trim();
    if (this.form.controls.logLevel.dirty) changes.logLevel = value.logLevel;
    if (this.form.controls.libraryPath.dirty) changes.libraryPath = value.libraryPath.trim();
    return changes;
  }

  private apply(settings: GeneralSettings): void {
    this.form.reset(settings);
    this.loaded.set(true);
  }
}

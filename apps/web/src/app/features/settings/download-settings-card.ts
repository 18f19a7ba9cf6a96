import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { type AbstractControl, FormControl, FormGroup, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import type { DownloadSettings, UpdateDownloadSettingsRequest } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { DownloadsApi } from '../../data-access/downloads.api';

type NumberKey = Exclude<keyof DownloadSettings, 'verifyDecode'>;

export interface NumberField {
  key: NumberKey;
  label: string;
  unit: string;
  min: number;
  max: number;
  help: string;
  group: 'limits' | 'timers' | 'retries';
}

export const GROUPS = [
  { id: 'limits', legend: 'How much runs at once' },
  { id: 'timers', legend: 'When to give up on a candidate' },
  { id: 'retries', legend: 'Retries and automatic blocking' },
] as const;

/** Bounds match the server's validation (UpdateDownloadSettingsDto). */
export const DOWNLOAD_SETTING_FIELDS: readonly NumberField[] = [
  { key: 'maxActive', label: 'Transfers at once', unit: '', min: 1, max: 50, help: 'Downloads waiting in a peer’s queue or transferring at the same time.', group: 'limits' },
  { key: 'maxPerUser', label: 'Transfers per peer', unit: '', min: 1, max: 20, help: 'At most this many at once from one peer, so one slow peer cannot hold the whole queue.', group: 'limits' },
  { key: 'maxSearching', label: 'Searches at once', unit: '', min: 1, max: 50, help: 'Searches in flight for the queue. All searches still share the Soulseek search budget.', group: 'limits' },
  { key: 'maxAttempts', label: 'Candidates to try', unit: '', min: 1, max: 50, help: 'Files tried for one track before it is marked failed.', group: 'retries' },
  { key: 'enqueueTimeoutSeconds', label: 'Peer must answer within', unit: 's', min: 10, max: 3600, help: 'A peer that does not acknowledge the request in time is skipped for the next candidate.', group: 'timers' },
  { key: 'remoteQueueTimeoutMinutes', label: 'Give up waiting in a peer’s queue after', unit: 'min', min: 1, max: 10080, help: 'Waiting this long without moving up moves on to the next candidate.', group: 'timers' },
  { key: 'stallTimeoutSeconds', label: 'Stalled after', unit: 's', min: 10, max: 3600, help: 'No bytes for this long while downloading counts as stalled.', group: 'timers' },
  { key: 'maxAttemptMinutes', label: 'Hard limit per attempt', unit: 'min', min: 1, max: 10080, help: 'One attempt, from request to landed file, never runs longer than this.', group: 'timers' },
  { key: 'retryBaseSeconds', label: 'Retry back-off base', unit: 's', min: 1, max: 3600, help: 'Wait before retrying: base × 2ⁿ⁻¹ (capped at 30 min). Moving to another candidate is immediate.', group: 'retries' },
  { key: 'autoBlockAfterFailures', label: 'Block a peer after failures in a row', unit: '', min: 0, max: 100, help: '0 never blocks automatically. Files that fail verification are always blocked for that peer.', group: 'retries' },
  { key: 'autoBlockDays', label: 'Automatic blocks expire after', unit: 'days', min: 0, max: 3650, help: '0 keeps automatic blocks for good. Blocks you add by hand have their own expiry.', group: 'retries' },
];

/** A per-peer limit above the global one would never apply: say so instead of saving a no-op. */
function perUserWithinActive(group: AbstractControl): ValidationErrors | null {
  const { maxActive, maxPerUser } = (group as FormGroup).getRawValue() as Partial<Record<NumberKey, number | null>>;
  return typeof maxActive === 'number' && typeof maxPerUser === 'number' && maxPerUser > maxActive ? { perUserAboveActive: true } : null;
}

function buildForm(): FormGroup {
  const controls: Record<string, AbstractControl> = {};
  for (const f of DOWNLOAD_SETTING_FIELDS) {
    controls[f.key] = new FormControl<number | null>(null, [Validators.required, Validators.min(f.min), Validators.max(f.max), Validators.pattern(/^-?\d+$/)]);
  }
  controls['verifyDecode'] = new FormControl<boolean>(true, { nonNullable: true });
  return new FormGroup(controls, { validators: perUserWithinActive });
}

/** Settings → Downloads: the engine's limits, timers, retries and automatic blocking. */
@Component({
  selector: 'ss-download-settings-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <section class="card" id="downloads" aria-labelledby="download-settings-heading" data-testid="download-settings">
      <h2 id="download-settings-heading">Downloads</h2>
      @if (loaded()) {
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="download-settings-form">
          @for (g of groups; track g.id) {
            <fieldset class="field form">
              <legend>{{ g.legend }}</legend>
              @for (f of fieldsOf(g.id); track f.key) {
                <div class="field">
                  <label [for]="'dls-' + f.key">{{ f.label }}@if (f.unit) { <span class="muted"> ({{ f.unit }})</span> }</label>
                  <input [id]="'dls-' + f.key" type="number" inputmode="numeric" [min]="f.min" [max]="f.max" step="1" [formControlName]="f.key"
                    [attr.aria-invalid]="show(f.key)" [attr.aria-describedby]="'dls-' + f.key + '-hint dls-' + f.key + '-error'" [attr.data-testid]="'dls-' + f.key" />
                  <p [id]="'dls-' + f.key + '-hint'" class="field__hint">{{ f.help }}</p>
                  <p [id]="'dls-' + f.key + '-error'" class="field__error" [hidden]="!show(f.key)" [attr.data-testid]="'dls-' + f.key + '-error'">{{ problem(f) }}</p>
                </div>
              }
            </fieldset>
          }
          <label class="checkbox">
            <input type="checkbox" formControlName="verifyDecode" aria-describedby="dls-decode-hint" data-testid="dls-verifyDecode" />
            Decode every file fully before accepting it
          </label>
          <p id="dls-decode-hint" class="field__hint">Uses ffmpeg when it is installed and catches corrupt files; without it only the header and length are checked.</p>
          @if (serverErrors().length) {
            <div class="alert alert--error" role="alert" data-testid="download-settings-errors">
              <p>{{ serverMessage() }}</p>
              <ul>
                @for (e of serverErrors(); track e) { <li>{{ e }}</li> }
              </ul>
            </div>
          } @else if (serverMessage(); as message) {
            <p class="alert alert--error" role="alert" data-testid="download-settings-errors">{{ message }}</p>
          }
          @if (saved()) {
            <p class="alert alert--success" role="status" data-testid="download-settings-saved">Saved. The queue uses the new values from its next round.</p>
          }
          <div class="form__actions">
            <button type="submit" class="button button--primary" [disabled]="busy() || form.pristine" data-testid="download-settings-save">{{ busy() ? 'Saving…' : 'Save' }}</button>
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
export class DownloadSettingsCard implements OnInit {
  private readonly api = inject(DownloadsApi);
  protected readonly fields = DOWNLOAD_SETTING_FIELDS;
  protected readonly groups = GROUPS;
  protected readonly fieldsOf = (group: NumberField['group']) => DOWNLOAD_SETTING_FIELDS.filter((f) => f.group === group);
  protected readonly form = buildForm();
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly serverMessage = signal<string | null>(null);
  protected readonly serverErrors = signal<readonly string[]>([]);
  private readonly submitted = signal(false);

  ngOnInit(): void {
    this.api.settings().subscribe({
      next: (s) => this.apply(s),
      error: (e: unknown) => this.loadError.set(errorMessage(e)),
    });
  }

  protected show(key: NumberKey): boolean {
    const control = this.form.controls[key];
    if (!control) return false;
    const crossField = key === 'maxPerUser' && Boolean(this.form.errors?.['perUserAboveActive']);
    return (control.invalid || crossField) && (control.touched || this.submitted());
  }

  protected problem(f: NumberField): string {
    const control = this.form.controls[f.key];
    if (control?.invalid) return `Enter a whole number from ${f.min} to ${f.max}.`;
    if (f.key === 'maxPerUser' && this.form.errors?.['perUserAboveActive']) return 'Cannot be more than the transfers at once.';
    return '';
  }

  protected submit(): void {
    this.submitted.set(true);
    this.saved.set(false);
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    const raw = this.form.getRawValue() as Record<string, number | boolean>;
    const body: UpdateDownloadSettingsRequest = { verifyDecode: Boolean(raw['verifyDecode']) };
    for (const f of this.fields) body[f.key] = Number(raw[f.key]);
    this.busy.set(true);
    this.serverMessage.set(null);
    this.serverErrors.set([]);
    this.api.updateSettings(body).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.saved.set(true);
        this.apply(s);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.serverMessage.set(errorMessage(e));
        this.serverErrors.set(e instanceof ApiError ? e.fieldErrors : []);
      },
    });
  }

  private apply(s: DownloadSettings): void {
    this.form.reset({ ...s });
    this.submitted.set(false);
    this.loaded.set(true);
  }
}

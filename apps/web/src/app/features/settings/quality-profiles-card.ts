import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { QUALITY_PROFILE_FORMATS, type CreateQualityProfileRequest, type QualityProfileFormat, type QualityProfileView } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { QualityProfilesApi } from '../../data-access/quality-profiles.api';

type NumberKey = 'minBitrate' | 'maxBitrate' | 'maxBitDepth' | 'maxSampleRate' | 'minSizeMb' | 'maxSizeMb';
type ListKey = 'requiredWords' | 'ignoredWords' | 'preferredUsers' | 'bannedUsers';

export interface ProfileNumberField {
  key: NumberKey;
  label: string;
  unit: string;
  min: number;
  max: number;
  /** Decimal places allowed (0: whole numbers). */
  decimals: number;
  help: string;
}

export interface ProfileListField {
  key: ListKey;
  label: string;
  maxItems: number;
  help: string;
}

/** Bounds match the server's validation (QualityProfileFieldsDto). */
export const PROFILE_NUMBER_FIELDS: readonly ProfileNumberField[] = [
  { key: 'minBitrate', label: 'Minimum bitrate', unit: 'kbps', min: 8, max: 5000, decimals: 0, help: 'Lossy files below this are rejected.' },
  { key: 'maxBitrate', label: 'Maximum bitrate', unit: 'kbps', min: 8, max: 5000, decimals: 0, help: 'Lossy files above this are rejected.' },
  { key: 'maxBitDepth', label: 'Maximum bit depth', unit: 'bit', min: 8, max: 32, decimals: 0, help: '16 keeps CD quality and skips 24-bit files.' },
  { key: 'maxSampleRate', label: 'Maximum sample rate', unit: 'Hz', min: 8000, max: 768000, decimals: 0, help: '48000 skips hi-res files.' },
  { key: 'minSizeMb', label: 'Smallest file', unit: 'MB', min: 0, max: 10000, decimals: 2, help: 'Smaller files are rejected (catches previews).' },
  { key: 'maxSizeMb', label: 'Largest file', unit: 'MB', min: 0.01, max: 10000, decimals: 2, help: 'Larger files are rejected.' },
];

export const PROFILE_LIST_FIELDS: readonly ProfileListField[] = [
  { key: 'requiredWords', label: 'Required words', maxItems: 50, help: 'Every word must appear in the file’s path, e.g. WEB.' },
  { key: 'ignoredWords', label: 'Ignored words', maxItems: 50, help: 'A path with any of these words is skipped, e.g. karaoke, live.' },
  { key: 'preferredUsers', label: 'Preferred users', maxItems: 200, help: 'Soulseek users tried first among equally good files.' },
  { key: 'bannedUsers', label: 'Banned users', maxItems: 200, help: 'Never downloaded from with this profile.' },
];

export const MAX_NAME_LENGTH = 60;
export const MAX_ENTRY_LENGTH = 100;

export interface ProfileFormValue {
  name: string;
  formats: QualityProfileFormat[];
  numbers: Partial<Record<NumberKey, number | null>>;
  lists: Partial<Record<ListKey, string>>;
}

/** "web, WEB ,, live" → ["web", "live"]: trimmed, blanks dropped, repeats (any case) dropped. */
export function splitList(text: string | null | undefined): string[] {
  const out: string[] = [];
  for (const part of (text ?? '').split(',')) {
    const t = part.trim();
    if (t && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  }
  return out;
}

/** Every problem of the form, by field (`name`, `formats`, a number or list key). Empty: ready to save. */
export function validateProfileForm(v: ProfileFormValue): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = v.name.trim();
  if (!name) errors['name'] = 'Give the profile a name.';
  else if (name.length > MAX_NAME_LENGTH) errors['name'] = `At most ${MAX_NAME_LENGTH} characters.`;
  if (v.formats.length === 0) errors['formats'] = 'Allow at least one format.';
  for (const f of PROFILE_NUMBER_FIELDS) {
    const n = v.numbers[f.key];
    if (n === null || n === undefined) continue;
    const scaled = n * 10 ** f.decimals;
    if (!Number.isFinite(n) || n < f.min || n > f.max || Math.abs(scaled - Math.round(scaled)) > 1e-9) {
      errors[f.key] = f.decimals ? `Enter a number from ${f.min} to ${f.max} (up to ${f.decimals} decimals), or leave it empty.` : `Enter a whole number from ${f.min} to ${f.max}, or leave it empty.`;
    }
  }
  const pair = (lo: NumberKey, hi: NumberKey, message: string): void => {
    const a = v.numbers[lo];
    const b = v.numbers[hi];
    if (typeof a === 'number' && typeof b === 'number' && !errors[lo] && !errors[hi] && a > b) errors[lo] = message;
  };
  pair('minBitrate', 'maxBitrate', 'Cannot be above the maximum bitrate.');
  pair('minSizeMb', 'maxSizeMb', 'Cannot be above the largest file size.');
  for (const f of PROFILE_LIST_FIELDS) {
    const items = splitList(v.lists[f.key]);
    if (items.length > f.maxItems) errors[f.key] = `At most ${f.maxItems} entries.`;
    else if (items.some((i) => i.length > MAX_ENTRY_LENGTH)) errors[f.key] = `Each entry at most ${MAX_ENTRY_LENGTH} characters.`;
  }
  return errors;
}

export function toRequest(v: ProfileFormValue): CreateQualityProfileRequest {
  const num = (k: NumberKey): number | null => {
    const n = v.numbers[k];
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  };
  return {
    name: v.name.trim(),
    allowedFormats: [...v.formats],
    minBitrate: num('minBitrate'),
    maxBitrate: num('maxBitrate'),
    maxBitDepth: num('maxBitDepth'),
    maxSampleRate: num('maxSampleRate'),
    minSizeMb: num('minSizeMb'),
    maxSizeMb: num('maxSizeMb'),
    requiredWords: splitList(v.lists.requiredWords),
    ignoredWords: splitList(v.lists.ignoredWords),
    preferredUsers: splitList(v.lists.preferredUsers),
    bannedUsers: splitList(v.lists.bannedUsers),
  };
}

/** One line per profile: formats in order and the limits that are set. */
export function summarise(p: QualityProfileView): string {
  const parts = [p.allowedFormats.join(' › ')];
  if (p.minBitrate !== null || p.maxBitrate !== null) parts.push(`${p.minBitrate ?? '…'}–${p.maxBitrate ?? '…'} kbps`);
  if (p.maxBitDepth !== null) parts.push(`≤ ${p.maxBitDepth} bit`);
  if (p.maxSampleRate !== null) parts.push(`≤ ${p.maxSampleRate / 1000} kHz`);
  if (p.minSizeMb !== null || p.maxSizeMb !== null) parts.push(`${p.minSizeMb ?? 0}–${p.maxSizeMb ?? '…'} MB`);
  if (p.requiredWords.length) parts.push(`needs ${p.requiredWords.join(', ')}`);
  if (p.ignoredWords.length) parts.push(`skips ${p.ignoredWords.join(', ')}`);
  if (p.bannedUsers.length) parts.push(`${p.bannedUsers.length} banned`);
  return parts.join(' · ');
}

function buildForm(): FormGroup {
  const controls: Record<string, FormControl> = { name: new FormControl<string>('', { nonNullable: true }) };
  for (const f of PROFILE_NUMBER_FIELDS) controls[f.key] = new FormControl<number | null>(null);
  for (const f of PROFILE_LIST_FIELDS) controls[f.key] = new FormControl<string>('', { nonNullable: true });
  return new FormGroup(controls);
}

/** Settings → Quality profiles: the built-ins (read-only), the user's own, and which one is the default. */
@Component({
  selector: 'ss-quality-profiles-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  template: `
    <section class="card" id="quality-profiles" aria-labelledby="qp-heading" data-testid="quality-profiles">
      <h2 id="qp-heading">Quality profiles</h2>
      <p class="muted small">Which files searches and downloads accept, and which they try first. The default applies when a search, a download or a list names no profile.</p>
      @if (loaded()) {
        <fieldset class="field">
          <legend>Default profile</legend>
          <ul class="qp-list" role="list">
            @for (p of profiles(); track p.id) {
              <li class="qp-item" [attr.data-testid]="'qp-item-' + p.id">
                <label class="checkbox">
                  <input type="radio" name="qp-default" [value]="p.id" [checked]="p.isDefault" [disabled]="busy()" (change)="makeDefault(p)" [attr.data-testid]="'qp-default-' + p.id" />
                  <span>{{ p.name }}</span>
                  @if (p.builtIn) { <span class="badge" data-testid="qp-builtin">Built-in</span> }
                </label>
                <p class="muted small">{{ summary(p) }}</p>
                <div class="form__actions">
                  @if (p.builtIn) {
                    <button type="button" class="button button--ghost button--small" (click)="copy(p)" [attr.data-testid]="'qp-copy-' + p.id">Copy</button>
                  } @else {
                    <button type="button" class="button button--ghost button--small" (click)="edit(p)" [attr.data-testid]="'qp-edit-' + p.id">Edit</button>
                    <button type="button" class="button button--danger button--small" [disabled]="busy()" (click)="remove(p)" [attr.data-testid]="'qp-delete-' + p.id">Delete</button>
                  }
                </div>
              </li>
            }
          </ul>
        </fieldset>
        @if (listError(); as message) {
          <p class="alert alert--error" role="alert" data-testid="qp-error">{{ message }}</p>
        }
        @if (notice(); as message) {
          <p class="alert alert--success" role="status" data-testid="qp-notice">{{ message }}</p>
        }
        @if (editing() === null) {
          <div class="form__actions">
            <button type="button" class="button button--primary" (click)="startNew()" data-testid="qp-new">New profile</button>
          </div>
        } @else {
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="qp-form" aria-labelledby="qp-form-heading">
            <h3 id="qp-form-heading">{{ editing() === 'new' ? 'New profile' : 'Edit profile' }}</h3>
            <div class="field">
              <label for="qp-name">Name</label>
              <input id="qp-name" type="text" formControlName="name" [attr.maxlength]="maxName" [attr.aria-invalid]="!!shown()['name']" aria-describedby="qp-name-error" data-testid="qp-name" />
              <p id="qp-name-error" class="field__error" [hidden]="!shown()['name']" data-testid="qp-name-error">{{ shown()['name'] }}</p>
            </div>
            <fieldset class="field">
              <legend>Allowed formats, most preferred first</legend>
              <ol class="qp-formats" data-testid="qp-formats">
                @for (f of formats(); track f; let i = $index, last = $last) {
                  <li [attr.data-testid]="'qp-format-' + f">
                    <span>{{ f }}</span>
                    <button type="button" class="button button--ghost button--small" [disabled]="i === 0" (click)="move(i, -1)" [attr.aria-label]="'Move ' + f + ' up'" [attr.data-testid]="'qp-up-' + f">↑</button>
                    <button type="button" class="button button--ghost button--small" [disabled]="last" (click)="move(i, 1)" [attr.aria-label]="'Move ' + f + ' down'" [attr.data-testid]="'qp-down-' + f">↓</button>
                    <button type="button" class="button button--ghost button--small" (click)="dropFormat(i)" [attr.aria-label]="'Remove ' + f" [attr.data-testid]="'qp-remove-' + f">✕</button>
                  </li>
                }
              </ol>
              @if (remaining().length) {
                <div class="form__actions">
                  <label for="qp-add-format" class="visually-hidden">Format to add</label>
                  <select id="qp-add-format" #addSelect data-testid="qp-add-format">
                    @for (f of remaining(); track f) { <option [value]="f">{{ f }}</option> }
                  </select>
                  <button type="button" class="button button--small" (click)="addFormat(addSelect.value)" data-testid="qp-add">Add format</button>
                </div>
              }
              <p class="field__error" [hidden]="!shown()['formats']" data-testid="qp-formats-error">{{ shown()['formats'] }}</p>
            </fieldset>
            <fieldset class="field form">
              <legend>Limits (leave empty for none)</legend>
              @for (f of numberFields; track f.key) {
                <div class="field">
                  <label [for]="'qp-' + f.key">{{ f.label }} <span class="muted">({{ f.unit }})</span></label>
                  <input [id]="'qp-' + f.key" type="number" [min]="f.min" [max]="f.max" [step]="f.decimals ? 0.01 : 1" [formControlName]="f.key"
                    [attr.aria-invalid]="!!shown()[f.key]" [attr.aria-describedby]="'qp-' + f.key + '-hint qp-' + f.key + '-error'" [attr.data-testid]="'qp-' + f.key" />
                  <p [id]="'qp-' + f.key + '-hint'" class="field__hint">{{ f.help }}</p>
                  <p [id]="'qp-' + f.key + '-error'" class="field__error" [hidden]="!shown()[f.key]" [attr.data-testid]="'qp-' + f.key + '-error'">{{ shown()[f.key] }}</p>
                </div>
              }
            </fieldset>
            <fieldset class="field form">
              <legend>Words and users (comma separated)</legend>
              @for (f of listFields; track f.key) {
                <div class="field">
                  <label [for]="'qp-' + f.key">{{ f.label }}</label>
                  <input [id]="'qp-' + f.key" type="text" [formControlName]="f.key"
                    [attr.aria-invalid]="!!shown()[f.key]" [attr.aria-describedby]="'qp-' + f.key + '-hint qp-' + f.key + '-error'" [attr.data-testid]="'qp-' + f.key" />
                  <p [id]="'qp-' + f.key + '-hint'" class="field__hint">{{ f.help }}</p>
                  <p [id]="'qp-' + f.key + '-error'" class="field__error" [hidden]="!shown()[f.key]" [attr.data-testid]="'qp-' + f.key + '-error'">{{ shown()[f.key] }}</p>
                </div>
              }
            </fieldset>
            @if (serverMessage(); as message) {
              <div class="alert alert--error" role="alert" data-testid="qp-server-errors">
                <p>{{ message }}</p>
                @if (serverErrors().length) {
                  <ul>
                    @for (e of serverErrors(); track e) { <li>{{ e }}</li> }
                  </ul>
                }
              </div>
            }
            <div class="form__actions">
              <button type="submit" class="button button--primary" [disabled]="busy()" data-testid="qp-save">{{ busy() ? 'Saving…' : 'Save profile' }}</button>
              <button type="button" class="button button--ghost" (click)="cancel()" data-testid="qp-cancel">Cancel</button>
            </div>
          </form>
        }
      } @else if (loadError(); as message) {
        <p class="alert alert--error" role="alert" data-testid="qp-load-error">{{ message }}</p>
      } @else {
        <p class="muted" aria-busy="true">Loading…</p>
      }
    </section>
  `,
  styles: `
    .qp-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
    .qp-item p { margin: 0.25rem 0; }
    .qp-formats { display: grid; gap: 0.25rem; padding-left: 1.5rem; }
    .qp-formats li span { display: inline-block; min-width: 3.5rem; font-weight: 600; }
  `,
})
export class QualityProfilesCard implements OnInit {
  private readonly api = inject(QualityProfilesApi);
  protected readonly numberFields = PROFILE_NUMBER_FIELDS;
  protected readonly listFields = PROFILE_LIST_FIELDS;
  protected readonly maxName = MAX_NAME_LENGTH;
  protected readonly form = buildForm();
  protected readonly profiles = signal<QualityProfileView[]>([]);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly listError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** null: no form open; 'new': creating; otherwise the id being edited. */
  protected readonly editing = signal<string | null>(null);
  protected readonly formats = signal<QualityProfileFormat[]>([]);
  protected readonly remaining = computed(() => QUALITY_PROFILE_FORMATS.filter((f) => !this.formats().includes(f)));
  protected readonly shown = signal<Record<string, string>>({});
  protected readonly serverMessage = signal<string | null>(null);
  protected readonly serverErrors = signal<readonly string[]>([]);
  protected readonly summary = summarise;

  ngOnInit(): void {
    this.reload();
  }

  protected startNew(): void {
    this.open('new', { name: '', formats: ['flac', 'mp3'], numbers: {}, lists: {} });
  }

  protected copy(p: QualityProfileView): void {
    this.open('new', { ...this.valueOf(p), name: `${p.name} (copy)`.slice(0, MAX_NAME_LENGTH) });
  }

  protected edit(p: QualityProfileView): void {
    this.open(p.id, this.valueOf(p));
  }

  protected cancel(): void {
    this.editing.set(null);
  }

  protected move(i: number, delta: -1 | 1): void {
    const next = [...this.formats()];
    const j = i + delta;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j], next[i]];
    this.formats.set(next);
  }

  protected dropFormat(i: number): void {
    this.formats.set(this.formats().filter((_, j) => j !== i));
  }

  protected addFormat(f: string): void {
    const fmt = QUALITY_PROFILE_FORMATS.find((x) => x === f);
    if (fmt && !this.formats().includes(fmt)) this.formats.set([...this.formats(), fmt]);
  }

  protected submit(): void {
    const value = this.current();
    const errors = validateProfileForm(value);
    this.shown.set(errors);
    if (Object.keys(errors).length || this.busy()) return;
    const id = this.editing();
    const body = toRequest(value);
    this.busy.set(true);
    this.serverMessage.set(null);
    this.serverErrors.set([]);
    (id === 'new' || id === null ? this.api.create(body) : this.api.update(id, body)).subscribe({
      next: (saved) => {
        this.busy.set(false);
        this.editing.set(null);
        this.notice.set(`Saved “${saved.name}”.`);
        this.reload();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.serverMessage.set(e instanceof ApiError && e.fieldErrors.length ? 'The server did not accept the profile:' : errorMessage(e));
        this.serverErrors.set(e instanceof ApiError ? e.fieldErrors : []);
      },
    });
  }

  protected makeDefault(p: QualityProfileView): void {
    this.busy.set(true);
    this.listError.set(null);
    this.api.setDefault(p.id).subscribe({
      next: () => {
        this.busy.set(false);
        this.notice.set(`“${p.name}” is now the default profile.`);
        this.reload();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.listError.set(errorMessage(e));
        this.reload();
      },
    });
  }

  protected remove(p: QualityProfileView): void {
    this.busy.set(true);
    this.listError.set(null);
    this.notice.set(null);
    this.api.remove(p.id).subscribe({
      next: () => {
        this.busy.set(false);
        if (this.editing() === p.id) this.editing.set(null);
        this.notice.set(`Deleted “${p.name}”.`);
        this.reload();
      },
      // 409 for the default profile: the server's message says to pick another default first.
      error: (e: unknown) => {
        this.busy.set(false);
        this.listError.set(errorMessage(e));
      },
    });
  }

  private reload(): void {
    this.api.list().subscribe({
      next: (list) => {
        this.profiles.set(list);
        this.loaded.set(true);
      },
      error: (e: unknown) => this.loadError.set(errorMessage(e)),
    });
  }

  private open(id: string, v: ProfileFormValue): void {
    this.notice.set(null);
    this.serverMessage.set(null);
    this.serverErrors.set([]);
    this.shown.set({});
    this.formats.set([...v.formats]);
    this.form.reset({ name: v.name, ...v.numbers, ...Object.fromEntries(PROFILE_LIST_FIELDS.map((f) => [f.key, v.lists[f.key] ?? ''])) });
    this.editing.set(id);
  }

  private valueOf(p: QualityProfileView): ProfileFormValue {
    return {
      name: p.name,
      formats: [...p.allowedFormats],
      numbers: Object.fromEntries(PROFILE_NUMBER_FIELDS.map((f) => [f.key, p[f.key]])),
      lists: Object.fromEntries(PROFILE_LIST_FIELDS.map((f) => [f.key, p[f.key].join(', ')])),
    };
  }

  private current(): ProfileFormValue {
    const raw = this.form.getRawValue() as Record<string, unknown>;
    const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return {
      name: String(raw['name'] ?? ''),
      formats: this.formats(),
      numbers: Object.fromEntries(PROFILE_NUMBER_FIELDS.map((f) => [f.key, num(raw[f.key])])),
      lists: Object.fromEntries(PROFILE_LIST_FIELDS.map((f) => [f.key, String(raw[f.key] ?? '')])),
    };
  }
}

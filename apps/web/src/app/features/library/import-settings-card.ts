import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import type { ImportSettings, NamingPreviewResponse, UpdateImportSettingsRequest } from '@soulspot/shared/contracts';
import { debounceTime, map, Subject, switchMap } from 'rxjs';
import { ApiError, errorMessage } from '../../core/api-error';
import { ImportsApi } from '../../data-access/imports.api';

type TemplateKind = 'standard' | 'compilation';
type StepKey = keyof ImportSettings['steps'];

const STEP_LABELS: ReadonlyArray<[StepKey, string]> = [
  ['musicbrainz', 'Look up MusicBrainz (ISRC, then artist + title + length)'],
  ['coverArt', 'Cover art from the Cover Art Archive (embedded + cover.jpg)'],
  ['lyrics', 'Lyrics from LRCLIB (synced as .lrc, plain embedded)'],
  ['lastfmGenres', 'Genres from Last.fm when MusicBrainz has none (needs an API key)'],
];

/** Import settings: naming templates with a live server-rendered preview, step toggles, Last.fm key. */
@Component({
  selector: 'ss-import-settings-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule],
  template: `
    <section class="card" aria-labelledby="import-settings-heading">
      <h2 id="import-settings-heading">Import settings</h2>
      @if (settings(); as s) {
        <form class="form" (ngSubmit)="save()" data-testid="import-settings-form">
          <div class="field">
            <label for="imp-root">Library folder</label>
            <input id="imp-root" class="mono" name="libraryPath" [(ngModel)]="libraryPath" data-testid="import-library-path" />
          </div>
          @for (kind of kinds; track kind) {
            <div class="field">
              <label [for]="'imp-tpl-' + kind">{{ kind === 'standard' ? 'Naming template' : 'Naming template for compilations' }}</label>
              <input [id]="'imp-tpl-' + kind" class="mono" [name]="'template-' + kind" [ngModel]="templates()[kind]"
                (ngModelChange)="templateChanged(kind, $event)" [attr.aria-describedby]="'imp-tpl-' + kind + '-preview'"
                [attr.aria-invalid]="previews()[kind]?.valid === false" [attr.data-testid]="'import-template-' + kind" />
              <p [id]="'imp-tpl-' + kind + '-preview'" class="field__hint" aria-live="polite" [attr.data-testid]="'import-template-preview-' + kind">
                @if (previews()[kind]; as p) {
                  @if (p.valid) {
                    Example: <span class="mono">{{ p.path }}</span>
                  } @else {
                    <span class="field__error">{{ problems(p) }}</span>
                  }
                }
              </p>
            </div>
          }
          <fieldset class="field">
            <legend>Steps</legend>
            @for (step of stepLabels; track step[0]) {
              <label class="checkbox">
                <input type="checkbox" [name]="'step-' + step[0]" [ngModel]="steps()[step[0]]" (ngModelChange)="toggle(step[0], $event)"
                  [attr.data-testid]="'import-step-toggle-' + step[0]" />
                {{ step[1] }}
              </label>
            }
          </fieldset>
          <div class="field">
            <label for="imp-lastfm">Last.fm API key</label>
            <input id="imp-lastfm" type="password" autocomplete="off" name="lastfmApiKey" [(ngModel)]="lastfmApiKey"
              [placeholder]="s.lastfmApiKeySet ? 'stored — type to replace' : 'optional'" data-testid="import-lastfm-key" />
          </div>
          @if (error(); as message) {
            <p class="alert alert--error" role="alert" data-testid="import-settings-error">{{ message }}</p>
          }
          @if (saved()) {
            <p class="alert alert--success" role="status" data-testid="import-settings-saved">Import settings saved.</p>
          }
          <div class="form__actions">
            <button type="submit" class="button button--primary" [disabled]="busy() || anyInvalid()" data-testid="import-settings-save">
              {{ busy() ? 'Saving…' : 'Save' }}
            </button>
          </div>
        </form>
      } @else {
        <p class="muted" aria-busy="true">Loading…</p>
      }
    </section>
  `,
})
export class ImportSettingsCard implements OnInit {
  private readonly api = inject(ImportsApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly kinds: readonly TemplateKind[] = ['standard', 'compilation'];
  protected readonly stepLabels = STEP_LABELS;
  protected readonly settings = signal<ImportSettings | null>(null);
  protected readonly templates = signal<Record<TemplateKind, string>>({ standard: '', compilation: '' });
  protected readonly previews = signal<Partial<Record<TemplateKind, NamingPreviewResponse>>>({});
  protected readonly steps = signal<ImportSettings['steps']>({ musicbrainz: true, coverArt: true, lyrics: true, lastfmGenres: true });
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);
  protected libraryPath = '';
  protected lastfmApiKey = '';
  private readonly edits = new Subject<{ kind: TemplateKind; template: string }>();

  ngOnInit(): void {
    this.edits
      .pipe(
        debounceTime(250),
        switchMap(({ kind, template }) => this.api.previewTemplate(template).pipe(map((preview) => ({ kind, preview })))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(({ kind, preview }) => this.previews.update((all) => ({ ...all, [kind]: preview })));
    this.api.settings().subscribe((s) => this.apply(s));
  }

  protected problems(preview: NamingPreviewResponse): string {
    return preview.errors.map((e) => e.message).join('; ') || 'Invalid template';
  }

  protected anyInvalid(): boolean {
    const previews = this.previews();
    return this.kinds.some((k) => previews[k]?.valid === false);
  }

  protected templateChanged(kind: TemplateKind, template: string): void {
    this.templates.update((t) => ({ ...t, [kind]: template }));
    this.saved.set(false);
    this.edits.next({ kind, template });
  }

  protected toggle(step: StepKey, on: boolean): void {
    this.steps.update((s) => ({ ...s, [step]: on }));
    this.saved.set(false);
  }

  protected save(): void {
    const patch: UpdateImportSettingsRequest = { templates: this.templates(), steps: this.steps() };
    if (this.libraryPath.trim()) patch.libraryPath = this.libraryPath.trim();
    if (this.lastfmApiKey) patch.lastfmApiKey = this.lastfmApiKey;
    this.busy.set(true);
    this.error.set(null);
    this.api.updateSettings(patch).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.saved.set(true);
        this.lastfmApiKey = '';
        this.apply(s);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(e instanceof ApiError && e.fieldErrors.length ? e.fieldErrors.join('; ') : errorMessage(e));
      },
    });
  }

  private apply(s: ImportSettings): void {
    this.settings.set(s);
    this.libraryPath = s.libraryPath;
    this.templates.set({ ...s.templates });
    this.steps.set({ ...s.steps });
    for (const kind of this.kinds) this.preview(kind, s.templates[kind]);
  }

  private preview(kind: TemplateKind, template: string): void {
    this.api.previewTemplate(template).subscribe((p) => this.previews.update((all) => ({ ...all, [kind]: p })));
  }
}

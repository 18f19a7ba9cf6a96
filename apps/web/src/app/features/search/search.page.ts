import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  SOULSEEK_PROFILE_IDS,
  type CreateSoulseekSearchRequest,
  type Page,
  type SoulseekCandidate,
  type QualityProfileView,
  type SoulseekProfileId,
  type SoulseekSearch,
  type SoulseekSearchBudget,
  type SoulseekSearchDetail,
} from '@soulspot/shared/contracts';
import { interval } from 'rxjs';
import { ApiError, errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { DownloadsApi } from '../../data-access/downloads.api';
import { QualityProfilesApi } from '../../data-access/quality-profiles.api';
import { SoulseekApi } from '../../data-access/soulseek.api';
import { EmptyState } from '../../ui/empty-state';
import { StatusBadge, type BadgeTone } from '../../ui/status-badge';
import { CandidateTable, REJECT_REASONS } from './candidate-table';

const PAGE_SIZE = 25;
const STATUS_TONE: Record<SoulseekSearch['status'], BadgeTone> = { queued: 'pending', searching: 'pending', ranking: 'pending', done: 'ok', failed: 'error' };

/** Parses "4:11" or "251" into milliseconds; empty means unknown. */
export function parseDuration(text: string): number | undefined | null {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(?:(\d+):)?(\d{1,3})$/.exec(t);
  if (!m) return null;
  return ((m[1] ? Number(m[1]) * 60 : 0) + Number(m[2])) * 1000;
}

/** Interactive Soulseek search: what the matcher accepted and rejected for one wanted track, and why. */
@Component({
  selector: 'ss-search-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, DatePipe, EmptyState, StatusBadge, CandidateTable],
  template: `
    <header class="page-header">
      <h1>Search</h1>
    </header>
    @if (configured() === false) {
      <ss-empty-state heading="Connect slskd first" icon="⚲" data-testid="search-not-configured">
        <p>SoulSpot searches Soulseek through your slskd server. Add its URL and API key, then come back.</p>
        <a routerLink="/settings" fragment="soulseek" class="button button--primary" data-testid="search-settings-link">Open Soulseek settings</a>
      </ss-empty-state>
    } @else if (configured()) {
      <div class="grid grid--2">
        <section class="card" aria-labelledby="search-form-heading">
          <h2 id="search-form-heading">Find a track</h2>
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate class="form" data-testid="search-form">
            <div class="field">
              <label for="s-artist">Artist</label>
              <input id="s-artist" formControlName="artist" data-testid="search-artist" [attr.aria-invalid]="show('artist')" />
            </div>
            <div class="field">
              <label for="s-title">Title</label>
              <input id="s-title" formControlName="title" data-testid="search-title" [attr.aria-invalid]="show('title')" />
            </div>
            <div class="field">
              <label for="s-album">Album <span class="muted">(optional)</span></label>
              <input id="s-album" formControlName="album" data-testid="search-album" />
            </div>
            <div class="field">
              <label for="s-length">Length <span class="muted">(optional, m:ss)</span></label>
              <input id="s-length" formControlName="length" placeholder="4:11" data-testid="search-length" [attr.aria-invalid]="lengthInvalid()"
                aria-describedby="s-length-hint" />
              <p id="s-length-hint" class="field__hint">Without it the most common length among the files found is assumed.</p>
            </div>
            <div class="field">
              <label for="s-profile">Quality profile</label>
              <select id="s-profile" formControlName="profile" data-testid="search-profile">
                @for (p of profiles(); track p.id) { <option [value]="p.id">{{ p.name }}{{ p.isDefault ? ' (default)' : '' }}</option> }
              </select>
            </div>
            @if (formError(); as message) {
              <p class="alert alert--error" role="alert" data-testid="search-error">{{ message }}</p>
            }
            <div class="form__actions">
              <button type="submit" class="button button--primary" [disabled]="busy()" data-testid="search-submit">{{ busy() ? 'Queuing…' : 'Search' }}</button>
            </div>
          </form>
        </section>

        <section class="card" aria-labelledby="budget-heading" data-testid="search-budget">
          <h2 id="budget-heading">Search budget</h2>
          @if (budget(); as b) {
            <p><strong data-testid="budget-available">{{ b.available }}</strong> of {{ b.capacity }} searches left in this {{ b.windowSeconds }} s window
              (at least {{ b.minGapMs / 1000 }} s apart — Soulseek bans bursty clients).</p>
            <p data-testid="budget-queue">{{ b.queuedSearches }} search{{ b.queuedSearches === 1 ? '' : 'es' }} waiting or running
              @if (b.etaSeconds > 0) { · all sent in about <strong>{{ eta(b.etaSeconds) }}</strong> }</p>
            @if (b.blockedUntil) {
              <p class="alert alert--error" role="status">slskd asked us to slow down; searches resume at {{ b.blockedUntil | date: 'mediumTime' }}.</p>
            }
          } @else {
            <p class="muted" aria-busy="true">Loading…</p>
          }
          <h3>Recent searches</h3>
          <ul data-testid="recent-searches">
            @for (s of recent(); track s.id) {
              <li>
                <button type="button" class="button button--small" (click)="open(s.id)" [attr.data-testid]="'recent-' + s.id">
                  {{ s.artist }} — {{ s.title }}</button>
                <ss-status-badge [tone]="tone(s.status)">{{ s.status }}</ss-status-badge>
                <span class="muted small">{{ s.acceptedCount }} accepted</span>
              </li>
            } @empty {
              <li class="muted">None yet.</li>
            }
          </ul>
        </section>
      </div>

      @if (current(); as s) {
        <section class="card" aria-labelledby="result-heading" data-testid="search-result" aria-live="polite">
          <div class="card__header">
            <h2 id="result-heading">{{ s.artist }} — {{ s.title }}</h2>
            <ss-status-badge [tone]="tone(s.status)"><span data-testid="search-status">{{ s.status }}</span></ss-status-badge>
          </div>
          <p class="muted small">Profile {{ profileName(s.profile) }}@if (s.album) { · album {{ s.album }} }@if (s.finishedAt && s.startedAt) { · took {{ took(s) }} }</p>
          @if (s.error) {
            <p class="alert alert--error" role="alert" data-testid="search-row-error">{{ s.error }}</p>
          }
          @if (s.steps.length) {
            <ol class="small" data-testid="search-steps">
              @for (step of s.steps; track step.id + step.query) {
                <li><span class="mono">{{ step.id }}</span> “{{ step.query }}”: {{ step.responses }} peers, {{ step.files }} files, {{ step.accepted }} accepted
                  @if (step.cached) { <span class="muted">(from cache, no search sent)</span> } @else { <span class="muted">({{ step.durationMs }} ms)</span> }</li>
              }
            </ol>
          }
          @if (s.status === 'done') {
            @if (accepted(); as page) {
              <h3>Accepted ({{ page.total }})</h3>
              <ss-candidate-table [page]="page" [accepted]="true" testId="accepted-table" (pageChange)="loadPage(true, $event)"
                [downloadable]="true" [queued]="queued()" [busy]="downloading()" (download)="download($event)" />
            }
            @if (rejected(); as page) {
              <details data-testid="rejected-details">
                <summary>Rejected ({{ page.total }}) — and why</summary>
                <ss-candidate-table [page]="page" [accepted]="false" testId="rejected-table" (pageChange)="loadPage(false, $event)"
                  [downloadable]="true" [queued]="queued()" [busy]="downloading()" (download)="download($event)" />
              </details>
            }
          } @else if (s.status !== 'failed') {
            <p class="muted" aria-busy="true">Searching Soulseek — results appear when slskd's search has ended.</p>
          }
        </section>
      }
    } @else {
      <p class="muted" aria-busy="true">Loading…</p>
    }
  `,
})
export class SearchPage implements OnInit {
  private readonly api = inject(SoulseekApi);
  private readonly downloadsApi = inject(DownloadsApi);
  private readonly notifications = inject(NotificationService);
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly profilesApi = inject(QualityProfilesApi);
  /** Built-ins until the list (with the user's own profiles and the default) arrives. */
  protected readonly profiles = signal<Pick<QualityProfileView, 'id' | 'name' | 'isDefault'>[]>(SOULSEEK_PROFILE_IDS.map((id) => ({ id, name: id, isDefault: false })));
  protected readonly configured = signal<boolean | null>(null);
  protected readonly budget = signal<SoulseekSearchBudget | null>(null);
  protected readonly recent = signal<SoulseekSearch[]>([]);
  protected readonly current = signal<SoulseekSearch | null>(null);
  protected readonly accepted = signal<Page<SoulseekCandidate> | null>(null);
  protected readonly rejected = signal<Page<SoulseekCandidate> | null>(null);
  protected readonly busy = signal(false);
  protected readonly queued = signal<ReadonlySet<string>>(new Set());
  protected readonly downloading = signal<ReadonlySet<string>>(new Set());
  protected readonly formError = signal<string | null>(null);
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    artist: ['', [Validators.required, Validators.maxLength(300)]],
    title: ['', [Validators.required, Validators.maxLength(300)]],
    album: [''],
    length: [''],
    profile: ['lossless-preferred' as SoulseekProfileId],
  });

  ngOnInit(): void {
    this.api.settings().subscribe({
      next: (s) => {
        this.configured.set(s.configured);
        if (s.configured) {
          this.refresh();
          this.loadProfiles();
        }
      },
      error: (e: unknown) => {
        this.configured.set(false);
        this.formError.set(errorMessage(e));
      },
    });
    this.events
      .on('soulseek.search.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.accept(payload));
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.refresh());
    // The budget refills with time, not only with events.
    interval(10_000)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.loadBudget());
  }

  protected profileName(id: string): string {
    return this.profiles().find((p) => p.id === id)?.name ?? id;
  }

  private loadProfiles(): void {
    this.profilesApi.list().subscribe({
      next: (list) => {
        this.profiles.set(list);
        const control = this.form.controls.profile;
        const def = list.find((p) => p.isDefault);
        if (def && control.pristine) control.setValue(def.id);
      },
      // The built-ins stay selectable; the server still checks the id.
      error: () => undefined,
    });
  }

  protected show(name: 'artist' | 'title'): boolean {
    const c = this.form.controls[name];
    return c.invalid && (c.touched || this.submitted());
  }

  protected lengthInvalid(): boolean {
    return parseDuration(this.form.controls.length.value) === null;
  }

  protected submit(): void {
    this.submitted.set(true);
    this.form.markAllAsTouched();
    const v = this.form.getRawValue();
    const durationMs = parseDuration(v.length);
    if (this.form.invalid || durationMs === null) {
      this.formError.set(durationMs === null ? 'Length must look like 4:11 or 251.' : 'Artist and title are required.');
      return;
    }
    const body: CreateSoulseekSearchRequest = { artist: v.artist.trim(), title: v.title.trim(), profile: v.profile };
    if (v.album.trim()) body.album = v.album.trim();
    if (durationMs !== undefined) body.durationMs = durationMs;
    this.busy.set(true);
    this.formError.set(null);
    this.api.createSearch(body).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.queued.set(new Set());
        this.accepted.set(null);
        this.rejected.set(null);
        this.current.set(s);
        this.accept(s);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.formError.set(e instanceof ApiError && e.fieldErrors.length ? e.fieldErrors.join(' ') : errorMessage(e));
      },
    });
  }

  /** Queues exactly this file; a rejected one only after the user confirms the matcher's objection. */
  protected download(c: SoulseekCandidate): void {
    const s = this.current();
    if (!s) return;
    if (!c.accepted) {
      const why = c.rejectReason ? (REJECT_REASONS[c.rejectReason] ?? c.rejectReason) : 'rejected';
      if (!confirm(`The matcher rejected this file (${why}${c.rejectDetail ? `: ${c.rejectDetail}` : ''}). Download it anyway?`)) return;
    }
    const name = `${s.artist} — ${s.title}`;
    this.downloading.update((set) => new Set(set).add(c.id));
    const done = () => this.downloading.update((set) => new Set([...set].filter((id) => id !== c.id)));
    this.downloadsApi.create({ candidate: { searchId: s.id, candidateId: c.id } }).subscribe({
      next: (r) => {
        done();
        this.queued.update((set) => new Set(set).add(c.id));
        const note = r.created ? `Queued “${name}” from ${c.username}.` : `“${name}” is already in the downloads queue.`;
        this.notifications.success(note, { label: 'Open Downloads', path: '/downloads' });
      },
      error: (e: unknown) => {
        done();
        this.notifications.error(errorMessage(e));
      },
    });
  }

  protected open(id: string): void {
    this.api.search(id).subscribe((d) => this.showDetail(d));
  }

  protected loadPage(accepted: boolean, page: number): void {
    const s = this.current();
    if (!s) return;
    this.api.candidates(s.id, accepted, page, PAGE_SIZE).subscribe((p) => (accepted ? this.accepted : this.rejected).set(p));
  }

  protected tone(status: SoulseekSearch['status']): BadgeTone {
    return STATUS_TONE[status];
  }

  protected eta(seconds: number): string {
    if (seconds < 90) return `${seconds} s`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
    return `${(seconds / 3600).toFixed(1)} h`;
  }

  protected took(s: SoulseekSearch): string {
    return `${((Date.parse(s.finishedAt ?? '') - Date.parse(s.startedAt ?? '')) / 1000).toFixed(1)} s`;
  }

  private refresh(): void {
    this.loadBudget();
    this.api.searches(1, 10).subscribe((p) => this.recent.set(p.items));
    const s = this.current();
    if (s) this.open(s.id);
  }

  private loadBudget(): void {
    if (this.configured()) this.api.budget().subscribe((b) => this.budget.set(b));
  }

  private accept(s: SoulseekSearch): void {
    this.recent.update((list) => [s, ...list.filter((x) => x.id !== s.id)].slice(0, 10));
    const current = this.current();
    if (current?.id === s.id) {
      this.current.set(s);
      if (s.status === 'done' && current.status !== 'done') this.open(s.id);
    }
    this.loadBudget();
  }

  private showDetail(d: SoulseekSearchDetail): void {
    const { accepted, rejected, ...search } = d;
    this.current.set(search);
    this.accepted.set({ ...accepted, items: accepted.items.slice(0, PAGE_SIZE), pageSize: PAGE_SIZE });
    this.rejected.set({ ...rejected, items: rejected.items.slice(0, PAGE_SIZE), pageSize: PAGE_SIZE });
  }
}

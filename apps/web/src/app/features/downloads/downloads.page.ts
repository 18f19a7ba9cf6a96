import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  input,
  linkedSignal,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  ACTIVE_DOWNLOAD_STATES,
  type Download,
  type DownloadAction,
  type DownloadDetail,
  type DownloadQueueStatus,
  type DownloadState,
  type Page,
  type ReorderDownloadRequest,
} from '@soulspot/shared/contracts';
import { debounceTime, type Observable, Subject, type Subscription } from 'rxjs';
import { EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { DownloadsApi } from '../../data-access/downloads.api';
import { QualityProfilesApi } from '../../data-access/quality-profiles.api';
import { Pager } from '../../ui/pager';
import { StatusBadge } from '../../ui/status-badge';
import { BlocklistPanel } from './blocklist-panel';
import { DownloadDetailPanel } from './download-detail';
import {
  allowedActions,
  applyRemoval,
  applyUpdate,
  basename,
  DOWNLOAD_FILTERS,
  type DownloadFilter,
  FILTER_LABELS,
  FILTER_STATES,
  formatBytes,
  formatEta,
  formatSpeed,
  isFinished,
  parseFilter,
  pruneSelection,
  reasonLabel,
  STATE_LABELS,
  STATE_TONES,
} from './downloads-list';

const PAGE_SIZE = 50;
type Tab = 'queue' | 'blocklist';

const ACTION_LABELS: Record<DownloadAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  remove: 'Remove',
  prioritize: 'Prioritize',
};
const BATCH_ACTIONS: readonly DownloadAction[] = ['pause', 'resume', 'cancel', 'retry', 'prioritize', 'remove'];
/** Clearing history under a filter removes only what that filter shows. */
const CLEARABLE: Partial<Record<DownloadFilter, readonly DownloadState[]>> = { done: ['done'], failed: ['failed'], all: ['done', 'failed', 'cancelled'] };
const ACTIVE = new Set<DownloadState>(ACTIVE_DOWNLOAD_STATES);

/** The download queue, live: progress, state and reason per item, per-item, batch and whole-queue controls, history, blocklist. */
@Component({
  selector: 'ss-downloads-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, FormsModule, RouterLink, Pager, StatusBadge, DownloadDetailPanel, BlocklistPanel],
  styles: `
    .summary { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; }
    .summary .stats { margin: 0; flex-wrap: wrap; }
    .alert--warn { background: var(--warn-bg); color: var(--warn); }
    .filters { display: inline-flex; flex-wrap: wrap; gap: 0.25rem; }
    .filters .button[aria-pressed='true'] { background: var(--accent); border-color: var(--accent); color: var(--accent-contrast); }
    .search { display: flex; gap: 0.4rem; flex: 1 1 16rem; }
    .search input { flex: 1; }
    .batch { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; padding: 0.5rem 0.75rem; border-radius: var(--radius-small); background: var(--surface-2); }
    progress { width: 100%; min-width: 6rem; height: 0.6rem; accent-color: var(--accent); }
    .title-button { background: none; border: 0; padding: 0; font: inherit; font-weight: 600; color: var(--accent); cursor: pointer; text-align: left; }
    .row-actions { display: flex; flex-wrap: wrap; gap: 0.25rem; justify-content: flex-end; }
    .break { overflow-wrap: anywhere; }
    .tabs { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--border); }
    .tabs [role='tab'] { border-radius: var(--radius-small) var(--radius-small) 0 0; }
    .tabs [role='tab'][aria-selected='true'] { border-bottom: 2px solid var(--accent); color: var(--accent-strong); }
    .drawer { position: fixed; top: var(--topbar-height); right: 0; bottom: 0; width: min(560px, 100vw); overflow-y: auto; z-index: 40;
      box-shadow: -8px 0 24px rgb(0 0 0 / 20%); background: var(--surface); }
    .drawer .card { border: 0; border-radius: 0; box-shadow: none; min-height: 100%; }
    @media (max-width: 700px) {
      .dl-table thead { display: none; }
      .dl-table tr { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 0.5rem; padding: 0.6rem 0; border-bottom: 1px solid var(--border); }
      .dl-table td, .dl-table th { border: 0; padding: 0.1rem 0; }
      .dl-table .span { grid-column: 1 / -1; }
      .row-actions { justify-content: flex-start; }
    }
  `,
  template: `
    <header class="page-header">
      <h1>Downloads</h1>
      @if (status(); as s) {
        @if (s.paused) {
          <button type="button" class="button button--primary" (click)="setQueuePaused(false)" [disabled]="busy()" data-testid="queue-resume">Resume queue</button>
        } @else {
          <button type="button" class="button" (click)="setQueuePaused(true)" [disabled]="busy()" data-testid="queue-pause">Pause queue</button>
        }
      }
    </header>

    <div class="tabs" role="tablist" aria-label="Downloads sections">
      <button type="button" role="tab" class="button button--ghost" id="tab-queue" aria-controls="panel-queue" [attr.aria-selected]="section() === 'queue'"
        [attr.tabindex]="section() === 'queue' ? 0 : -1" (click)="section.set('queue')" (keydown.arrowRight)="switchTab('blocklist')" data-testid="tab-queue">Queue</button>
      <button type="button" role="tab" class="button button--ghost" id="tab-blocklist" aria-controls="panel-blocklist" [attr.aria-selected]="section() === 'blocklist'"
        [attr.tabindex]="section() === 'blocklist' ? 0 : -1" (click)="section.set('blocklist')" (keydown.arrowLeft)="switchTab('queue')" data-testid="tab-blocklist">Blocklist</button>
    </div>

    @if (section() === 'blocklist') {
      <div id="panel-blocklist" role="tabpanel" aria-labelledby="tab-blocklist" class="form">
        <ss-blocklist-panel />
      </div>
    } @else {
      <div id="panel-queue" role="tabpanel" aria-labelledby="tab-queue" class="form">
        @if (status(); as s) {
          @if (s.slskd.circuit === 'open') {
            <div class="alert alert--error" role="alert" data-testid="circuit-banner">
              <p><strong>slskd is unreachable</strong>@if (s.slskd.retryAt) {, retrying at {{ s.slskd.retryAt | date: 'mediumTime' }}}.
                Nothing fails meanwhile: downloads wait and resume by themselves.</p>
              @if (s.slskd.lastError) { <p class="small">{{ s.slskd.lastError }}</p> }
            </div>
          } @else if (s.slskd.circuit === 'unconfigured') {
            <div class="alert alert--warn" role="status" data-testid="circuit-banner">
              <p>slskd is not connected yet, so nothing can download. <a routerLink="/settings" fragment="soulseek">Connect it in Settings</a>.</p>
            </div>
          }
          @if (s.paused) {
            <p class="alert alert--warn" role="status" data-testid="queue-paused-banner">The queue is paused: nothing new starts; running transfers finish.</p>
          }
          <section class="card summary" aria-label="Queue summary" data-testid="downloads-summary">
            <dl class="stats">
              <div><dt>Active</dt><dd data-testid="summary-active">{{ activeCount() }}</dd></div>
              <div><dt>Queued</dt><dd data-testid="summary-queued">{{ s.counts.wanted + s.counts.paused }}</dd></div>
              <div><dt>Done today</dt><dd data-testid="summary-done-today">{{ s.today.done }}</dd></div>
              <div><dt>Failed today</dt><dd data-testid="summary-failed-today" [class.text-danger]="s.today.failed > 0">{{ s.today.failed }}</dd></div>
              <div><dt>Speed</dt><dd data-testid="summary-speed">{{ speed(s.speed) }}</dd></div>
            </dl>
            <p class="muted small">Up to {{ s.limits.maxActive }} transfers at once, {{ s.limits.maxPerUser }} per peer.</p>
          </section>
        }

        <div class="toolbar">
          <div class="filters" role="group" aria-label="Show downloads" aria-describedby="filters-help">
            @for (f of filters; track f) {
              <button type="button" class="button button--small" [attr.aria-pressed]="filter() === f" (click)="setFilter(f)" [attr.data-testid]="'filter-' + f">{{ filterLabels[f] }}</button>
            }
          </div>
          <form class="search" role="search" (ngSubmit)="search()" data-testid="downloads-search">
            <label for="dl-q" class="visually-hidden">Search downloads</label>
            <input id="dl-q" name="q" type="search" [(ngModel)]="queryText" placeholder="Artist, title, album or file" data-testid="downloads-q" />
            <button type="submit" class="button button--small">Search</button>
          </form>
          @if (clearable()) {
            <button type="button" class="button button--small button--danger-outline" (click)="clearHistory()" [disabled]="busy()" data-testid="downloads-clear">Clear {{ filter() === 'all' ? 'finished' : filterLabels[filter()].toLowerCase() }}</button>
          }
        </div>

        <p id="filters-help" class="muted small">Active: searching, waiting in a peer’s queue, downloading or verifying. Queued: waiting for a free slot or paused.</p>

        @if (selected().size) {
          <div class="batch" role="region" aria-label="Selected downloads" data-testid="batch-bar">
            <strong data-testid="batch-count">{{ selected().size }} selected</strong>
            @for (a of batchActions; track a) {
              <button type="button" class="button button--small" (click)="runBatch(a)" [disabled]="busy()" [attr.data-testid]="'batch-' + a">{{ actionLabels[a] }}</button>
            }
            <button type="button" class="button button--small button--ghost" (click)="selected.set(emptySet())" data-testid="batch-clear">Clear selection</button>
          </div>
        }

        <section class="card" aria-labelledby="downloads-heading">
          <h2 id="downloads-heading" class="visually-hidden">{{ filterLabels[filter()] }} downloads</h2>
          <div class="table-wrap" [attr.aria-busy]="loading()">
            <table class="table dl-table" data-testid="downloads-table">
              <caption class="visually-hidden">{{ filterLabels[filter()] }} downloads, in queue order</caption>
              <thead>
                <tr>
                  <th scope="col"><input type="checkbox" [checked]="allSelected()" (change)="toggleAll($event)" aria-label="Select every download on this page" data-testid="select-all" /></th>
                  <th scope="col">Track</th>
                  <th scope="col">State</th>
                  <th scope="col">Progress</th>
                  <th scope="col">Peer and file</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                @for (d of page()?.items ?? []; track d.id; let i = $index) {
                  <tr [attr.data-testid]="'download-row-' + d.id" [attr.data-state]="d.state">
                    <td><input type="checkbox" [checked]="selected().has(d.id)" (change)="toggle(d.id, $event)" [attr.aria-label]="'Select ' + d.artist + ' — ' + d.title"
                      [attr.data-testid]="'select-' + d.id" /></td>
                    <th scope="row">
                      <button type="button" class="title-button" (click)="open(d, $event)" [attr.data-testid]="'open-' + d.id" [attr.aria-label]="'Details of ' + d.artist + ' — ' + d.title">
                        {{ d.artist }} — {{ d.title }}</button>
                      @if (d.album) { <br /><span class="muted small">{{ d.album }}</span> }
                      @if (d.priority) { <br /><span class="muted small">priority {{ d.priority }}</span> }
                    </th>
                    <td>
                      <ss-status-badge [tone]="tones[d.state]"><span [attr.data-testid]="'state-' + d.id">{{ labels[d.state] }}</span></ss-status-badge>
                      @if (d.failureReason) { <br /><strong class="small" [attr.data-testid]="'reason-' + d.id">{{ reason(d.failureReason) }}</strong> }
                      @if (d.message) { <br /><span class="small break" [attr.data-testid]="'message-' + d.id">{{ d.message }}</span> }
                      @if (d.nextAttemptAt && d.state === 'wanted') { <br /><span class="muted small">next try {{ d.nextAttemptAt | date: 'shortTime' }}</span> }
                    </td>
                    <td class="span">
                      @if (d.state === 'downloading' || d.state === 'verifying') {
                        <progress max="100" [value]="d.percent" [attr.aria-label]="'Progress of ' + d.title" [attr.data-testid]="'progress-' + d.id"></progress>
                        <span class="small" [attr.data-testid]="'progress-text-' + d.id">{{ d.percent.toFixed(0) }} %
                          @if (d.state === 'downloading') { · {{ speed(d.speed) }} · {{ eta(d.etaSeconds) }} left }</span>
                      } @else if (d.state === 'queued') {
                        <span class="small" [attr.data-testid]="'queue-place-' + d.id">{{ d.placeInQueue === null ? 'Waiting for the peer' : 'Place ' + d.placeInQueue + ' in the peer’s queue' }}</span>
                      } @else if (d.state === 'done') {
                        <span class="small muted">{{ bytes(d.size) }}@if (d.finishedAt) { · {{ d.finishedAt | date: 'short' }} }</span>
                      } @else {
                        <span class="small muted">{{ d.attemptCount ? d.attemptCount + ' attempt(s)' : '—' }}</span>
                      }
                    </td>
                    <td class="span">
                      @if (d.username) {
                        <span class="small"><strong>{{ d.username }}</strong></span><br /><span class="mono small muted break" [title]="d.filename ?? ''">{{ name(d.filename) }}</span>
                      } @else { <span class="muted small">—</span> }
                    </td>
                    <td class="span">
                      <div class="row-actions">
                        @if (!finished(d)) {
                          <button type="button" class="button button--small button--ghost" (click)="move(d, 'up', i)" [disabled]="busy() || !canMoveUp(i)"
                            [attr.aria-label]="'Move ' + d.title + ' up'" [attr.data-testid]="'up-' + d.id"><span aria-hidden="true">↑</span></button>
                          <button type="button" class="button button--small button--ghost" (click)="move(d, 'down', i)" [disabled]="busy() || !downTarget(i)"
                            [attr.aria-label]="'Move ' + d.title + ' down'" [attr.data-testid]="'down-' + d.id"><span aria-hidden="true">↓</span></button>
                          <button type="button" class="button button--small button--ghost" (click)="move(d, 'top', i)" [disabled]="busy()"
                            [attr.aria-label]="'Move ' + d.title + ' to the top'" [attr.data-testid]="'top-' + d.id">Top</button>
                        }
                        @for (a of actions(d); track a) {
                          <button type="button" class="button button--small" [class.button--danger-outline]="a === 'cancel' || a === 'remove'" (click)="act(d, a)"
                            [disabled]="busy()" [attr.aria-label]="actionLabels[a] + ' ' + d.artist + ' — ' + d.title" [attr.data-testid]="a + '-' + d.id">{{ actionLabels[a] }}</button>
                        }
                      </div>
                    </td>
                  </tr>
                } @empty {
                  <tr><td colspan="6" class="muted" data-testid="downloads-empty">{{ loading() ? 'Loading…' : emptyText() }}</td></tr>
                }
              </tbody>
            </table>
          </div>
          @if (page(); as p) {
            @if (p.total > p.pageSize) {
              <ss-pager [page]="p.page" [pageSize]="p.pageSize" [total]="p.total" (pageChange)="goTo($event)" />
            }
          }
        </section>
      </div>

      @if (detail(); as d) {
        <aside class="drawer" aria-label="Download details">
          <ss-download-detail [detail]="d" [profileName]="profileNames()?.get(d.profile) ?? null" (closed)="closeDetail()" />
        </aside>
      }
    }
  `,
})
export class DownloadsPage implements OnInit {
  /** `?state=` from the URL (dashboard tiles link to a filter). */
  readonly state = input<string>();
  /** `?tab=blocklist` opens the blocklist. */
  readonly tab = input<string>();

  private readonly api = inject(DownloadsApi);
  private readonly qualityProfiles = inject(QualityProfilesApi);
  private readonly events = inject(EventStreamService);
  private readonly notifications = inject(NotificationService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly filters = DOWNLOAD_FILTERS;
  protected readonly filterLabels = FILTER_LABELS;
  protected readonly labels = STATE_LABELS;
  protected readonly tones = STATE_TONES;
  protected readonly actionLabels = ACTION_LABELS;
  protected readonly batchActions = BATCH_ACTIONS;
  protected readonly reason = reasonLabel;
  protected readonly name = basename;
  protected readonly bytes = formatBytes;
  protected readonly speed = formatSpeed;
  protected readonly eta = formatEta;
  protected readonly finished = (d: Download) => isFinished(d.state);
  protected readonly actions = (d: Download) => allowedActions(d.state);

  protected readonly section = linkedSignal<Tab>(() => (this.tab() === 'blocklist' ? 'blocklist' : 'queue'));
  protected readonly filter = linkedSignal<DownloadFilter>(() => parseFilter(this.state()));
  protected readonly q = signal('');
  protected queryText = '';
  protected readonly pageNumber = signal(1);
  protected readonly page = signal<Page<Download> | null>(null);
  protected readonly status = signal<DownloadQueueStatus | null>(null);
  protected readonly loading = signal(false);
  protected readonly busy = signal(false);
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly detail = signal<DownloadDetail | null>(null);
  /** Quality profile id → name, fetched once when the first details drawer opens (user profiles have uuid ids). */
  protected readonly profileNames = signal<ReadonlyMap<string, string> | null>(null);
  private profilesRequested = false;

  protected readonly activeCount = computed(() => {
    const counts = this.status()?.counts;
    return counts ? ACTIVE_DOWNLOAD_STATES.reduce((sum, s) => sum + counts[s], 0) : 0;
  });
  protected readonly allSelected = computed(() => {
    const items = this.page()?.items ?? [];
    return items.length > 0 && items.every((d) => this.selected().has(d.id));
  });
  protected readonly clearable = computed(() => CLEARABLE[this.filter()] !== undefined);
  protected readonly emptyText = computed(() =>
    this.q() ? `Nothing matches “${this.q()}”.` : this.filter() === 'all' ? 'Nothing queued yet. Queue a track from Search or a playlist.' : `No ${this.filterLabels[this.filter()].toLowerCase()} downloads.`,
  );

  private loadSub: Subscription | null = null;
  private readonly statusRefresh = new Subject<void>();
  private lastKey = '';
  private detailTrigger: HTMLElement | null = null;

  constructor() {
    // One load per distinct view (filter, text, page); live events keep it current in between.
    effect(() => {
      const key = JSON.stringify([this.filter(), this.q(), this.pageNumber()]);
      untracked(() => {
        if (key !== this.lastKey) this.load();
      });
    });
  }

  ngOnInit(): void {
    this.loadStatus();
    this.events
      .on('download.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => {
        // A state change moves the counts; the status event may lag behind (a verification ends outside a tick).
        const known = this.page()?.items.find((d) => d.id === payload.id);
        if (known?.state !== payload.state) this.statusRefresh.next();
        this.accept(payload);
      });
    this.statusRefresh.pipe(debounceTime(1_000), takeUntilDestroyed(this.destroyRef)).subscribe(() => this.loadStatus());
    this.events
      .on('download.removed')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.forget(payload.id));
    this.events
      .on('downloads.status')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.status.set(payload));
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      this.load();
      this.loadStatus();
      const d = this.detail();
      if (d) this.loadDetail(d.id);
    });
  }

  protected switchTab(tab: Tab): void {
    this.section.set(tab);
    this.host.nativeElement.querySelector<HTMLElement>(`#tab-${tab}`)?.focus();
  }

  protected setFilter(f: DownloadFilter): void {
    if (f === this.filter()) return;
    this.filter.set(f);
    this.pageNumber.set(1);
    void this.router.navigate([], { queryParams: { state: f === 'all' ? null : f }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected search(): void {
    this.q.set(this.queryText.trim());
    this.pageNumber.set(1);
  }

  protected goTo(page: number): void {
    this.pageNumber.set(page);
  }

  protected toggle(id: string, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.selected.update((set) => {
      const next = new Set(set);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  protected toggleAll(event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.selected.set(on ? new Set(this.page()?.items.map((d) => d.id) ?? []) : new Set());
  }

  protected emptySet(): ReadonlySet<string> {
    return new Set();
  }

  protected act(d: Download, action: DownloadAction): void {
    if (action === 'cancel' && !confirm(`Cancel “${d.artist} — ${d.title}”? A running transfer is stopped.`)) return;
    this.run(this.api.action(d.id, action), (updated) => {
      if (updated) this.accept(updated);
      else this.forget(d.id);
    });
  }

  protected runBatch(action: DownloadAction): void {
    const ids = [...this.selected()];
    if (!ids.length) return;
    if ((action === 'cancel' || action === 'remove') && !confirm(`${ACTION_LABELS[action]} ${ids.length} download(s)?`)) return;
    this.run(this.api.batch({ ids, action }), (result) => {
      const skipped = result.skipped.length;
      const first = result.skipped[0];
      const text = `${ACTION_LABELS[action]}: ${result.updated} updated` + (skipped ? `, ${skipped} skipped (${first?.reason ?? ''}${skipped > 1 ? ', …' : ''})` : '') + '.';
      if (skipped && !result.updated) this.notifications.error(text);
      else this.notifications.success(text);
      this.selected.set(new Set());
      this.load();
    });
  }

  protected canMoveUp(i: number): boolean {
    const prev = this.page()?.items[i - 1];
    return prev !== undefined && !isFinished(prev.state);
  }

  /** Where "down" puts a row: before the one after next, at the bottom, or nowhere (the next row is on another page). */
  protected downTarget(i: number): ReorderDownloadRequest | null {
    const p = this.page();
    const next = p?.items[i + 1];
    if (!p || !next || isFinished(next.state)) return null;
    const afterNext = p.items[i + 2];
    if (afterNext && !isFinished(afterNext.state)) return { beforeId: afterNext.id };
    const lastPage = p.page * p.pageSize >= p.total;
    return afterNext || lastPage ? { to: 'bottom' } : null;
  }

  protected move(d: Download, where: 'up' | 'down' | 'top', i: number): void {
    let body: ReorderDownloadRequest | null;
    if (where === 'top') body = { to: 'top' };
    else if (where === 'up') {
      const prev = this.page()?.items[i - 1];
      body = prev ? { beforeId: prev.id } : null;
    } else body = this.downTarget(i);
    if (!body) return;
    this.run(this.api.reorder(d.id, body), (updated) => {
      this.accept(updated);
      // Positions of the neighbours changed too; the server's order is the truth.
      this.load();
    });
  }

  protected setQueuePaused(paused: boolean): void {
    this.run(paused ? this.api.pauseQueue() : this.api.resumeQueue(), (s) => {
      this.status.set(s);
      this.notifications.success(paused ? 'Queue paused: nothing new starts; running transfers finish.' : 'Queue resumed.');
    });
  }

  protected clearHistory(): void {
    const states = CLEARABLE[this.filter()];
    if (!states || !confirm(`Remove every ${states.join('/')} download from the history? Files stay where they are.`)) return;
    this.run(this.api.clearFinished(states), ({ removed }) => {
      this.notifications.success(`Removed ${removed} finished download(s) from the history.`);
      this.load();
      this.loadStatus();
    });
  }

  protected open(d: Download, event: Event): void {
    this.detailTrigger = event.currentTarget as HTMLElement;
    this.loadProfileNames();
    this.loadDetail(d.id);
  }

  private loadProfileNames(): void {
    if (this.profilesRequested) return;
    this.profilesRequested = true;
    this.qualityProfiles.list().subscribe({
      next: (profiles) => this.profileNames.set(new Map(profiles.map((p) => [p.id, p.name]))),
      // The drawer falls back to the id; the next drawer tries again.
      error: () => (this.profilesRequested = false),
    });
  }

  protected closeDetail(): void {
    this.detail.set(null);
    this.detailTrigger?.focus();
    this.detailTrigger = null;
  }

  private run<T>(request: Observable<T>, done: (value: T) => void): void {
    this.busy.set(true);
    request.subscribe({
      next: (value) => {
        this.busy.set(false);
        done(value);
      },
      // The interceptor shows the server's reason as a toast.
      error: () => this.busy.set(false),
    });
  }

  private load(): void {
    const filter = this.filter();
    const q = this.q();
    const pageNumber = this.pageNumber();
    this.lastKey = JSON.stringify([filter, q, pageNumber]);
    this.loadSub?.unsubscribe();
    this.loading.set(true);
    this.loadSub = this.api.list({ states: FILTER_STATES[filter], q, page: pageNumber, pageSize: PAGE_SIZE }).subscribe({
      next: (p) => {
        this.loading.set(false);
        this.page.set(p);
        this.selected.update((set) => pruneSelection(set, p));
      },
      error: () => this.loading.set(false),
    });
  }

  private loadStatus(): void {
    this.api.status().subscribe((s) => this.status.set(s));
  }

  private loadDetail(id: string): void {
    this.api.detail(id).subscribe((d) => this.detail.set(d));
  }

  private accept(d: Download): void {
    const p = this.page();
    if (p) {
      const next = applyUpdate(p, d, { filter: this.filter(), q: this.q() });
      if (next !== p) {
        this.page.set(next);
        if (next.items.length !== p.items.length) this.selected.update((set) => pruneSelection(set, next));
      }
    }
    const open = this.detail();
    if (open?.id === d.id) {
      // A new attempt or a finished one brings rows the event does not carry.
      const attemptsChanged = open.attemptCount !== d.attemptCount || (open.state !== d.state && (ACTIVE.has(open.state) || isFinished(d.state)));
      this.detail.set({ ...open, ...d });
      if (attemptsChanged) this.loadDetail(d.id);
    }
  }

  private forget(id: string): void {
    const p = this.page();
    if (p) {
      const next = applyRemoval(p, id);
      this.page.set(next);
      this.selected.update((set) => pruneSelection(set, next));
    }
    if (this.detail()?.id === id) this.closeDetail();
  }
}

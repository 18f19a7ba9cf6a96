import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { DiscoveredSpotifyList, ImportListResponse, ListSource } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { SourcesApi } from '../../data-access/sources.api';
import { EmptyState } from '../../ui/empty-state';
import { StatusBadge } from '../../ui/status-badge';
import { isSpotifySource, KIND_LABELS, STATUS_LABELS, statusTone, unreadableSpotifyPlaylistHint } from './source-status';

const INTERVALS = [60, 180, 360, 720, 1440, 10080];

@Component({
  selector: 'ss-playlists-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, StatusBadge, EmptyState],
  template: `
    <header class="page-header">
      <h1>Playlists</h1>
      <div class="toolbar">
        <a class="button button--ghost" routerLink="/playlists/search" data-testid="spotify-search-link">Search Spotify</a>
        <button type="button" class="button" (click)="discover()" [disabled]="discovering()" data-testid="sources-discover">
          {{ discovering() ? 'Asking Spotify…' : 'Add from Spotify' }}
        </button>
      </div>
    </header>

    @if (discovered(); as lists) {
      <section class="card" aria-labelledby="discover-heading" data-testid="discover-panel">
        <h2 id="discover-heading">Your Spotify lists</h2>
        <div class="table-wrap">
          <table class="table">
            <thead><tr><th>List</th><th>Owner</th><th class="num">Tracks</th><th></th></tr></thead>
            <tbody>
              @for (l of lists; track l.kind + (l.externalId ?? '')) {
                <tr [attr.data-testid]="'discovered-' + (l.externalId ?? l.kind)">
                  <th scope="row">{{ l.name }}
                    @if (l.note) { <p class="muted small" [attr.data-testid]="'discovered-note-' + (l.externalId ?? l.kind)">{{ l.note }}</p> }
                  </th>
                  <td>{{ l.ownerName ?? '—' }}</td>
                  <td class="num">{{ l.totalItems ?? '—' }}</td>
                  <td class="actions">
                    @if (l.sourceId) {
                      <a [routerLink]="['/playlists', l.sourceId]">Added</a>
                    } @else if (l.readable) {
                      <button type="button" class="button" (click)="add(l)" [attr.data-testid]="'discovered-add-' + (l.externalId ?? l.kind)">Add</button>
                    } @else {
                      <span class="muted small">Export as CSV</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>
    }

    <section class="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import a list</h2>
      <p class="muted small">CSV (Exportify's columns, or <code>artist,title[,album,duration]</code>), text with one <code>Artist - Title</code> per line, or M3U/M3U8.</p>
      <label for="import-file">File</label>
      <input id="import-file" type="file" accept=".csv,.tsv,.txt,.m3u,.m3u8,text/*" (change)="importFile($event)" [disabled]="importing()" data-testid="import-file" />
      @if (importResult(); as r) {
        <div class="alert alert--success" role="status" data-testid="import-result">
          <p>Imported {{ r.imported }} tracks into "{{ r.source.name }}" ({{ r.format }}){{ r.duplicates ? ', ' + r.duplicates + ' duplicates merged' : '' }}.</p>
        </div>
      }
      @if (importErrors().length) {
        <div class="alert alert--error" role="alert" data-testid="import-errors">
          <p>{{ importErrorTitle() }}</p>
          <ul>
            @for (e of importErrors(); track $index) { <li>{{ e }}</li> }
          </ul>
        </div>
      }
    </section>

    <section class="card" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Lists</h2>
      @if (sources().length === 0 && loaded()) {
        <ss-empty-state heading="No lists yet" headingId="sources-empty">
          <p class="muted">Connect Spotify in Settings and add playlists, or import a CSV or text list.</p>
        </ss-empty-state>
      } @else {
        <div class="table-wrap">
          <table class="table" data-testid="sources-table">
            <thead>
              <tr><th>List</th><th class="num">Wanted</th><th class="num">In library</th><th class="num">Missing</th><th class="num">Excluded</th><th class="num">Total</th><th>Last sync</th><th>Sync</th><th></th></tr>
            </thead>
            <tbody>
              @for (s of sources(); track s.id) {
                <tr [attr.data-testid]="'source-row-' + s.id" [attr.data-name]="s.name">
                  <th scope="row">
                    <a [routerLink]="['/playlists', s.id]" data-testid="source-link">{{ s.name }}</a>
                    <p class="muted small">{{ kindLabel(s) }}@if (s.excluded) { · excluded }</p>
                  </th>
                  <td class="num" data-testid="source-wanted">{{ s.counts.wanted }}</td>
                  <td class="num" data-testid="source-in-library">{{ s.counts.inLibrary }}</td>
                  <td class="num" data-testid="source-missing">{{ s.counts.missing }}</td>
                  <td class="num" data-testid="source-excluded">{{ s.counts.excluded }}</td>
                  <td class="num" data-testid="source-total">{{ s.kind === 'spotify_followed_artists' ? s.artists.length + ' artists' : s.counts.total }}</td>
                  <td>
                    <ss-status-badge [tone]="tone(s)"><span data-testid="source-status" [attr.data-status]="s.lastSyncStatus">{{ statusLabel(s) }}</span></ss-status-badge>
                    @if (s.lastSyncAt) { <span class="muted small"> {{ s.lastSyncAt | date: 'short' }}</span> }
                    @if (s.lastSyncMessage) { <p class="small" data-testid="source-message">{{ s.lastSyncMessage }}</p> }
                    @if (unreadableHint(s); as hint) { <p class="small" data-testid="source-unreadable-hint">{{ hint }}</p> }
                  </td>
                  <td>
                    @if (spotify(s)) {
                      <label class="small"><input type="checkbox" [checked]="s.syncEnabled" (change)="toggleSync(s, $event)" [attr.data-testid]="'source-sync-enabled-' + s.id" /> auto</label>
                      <label class="visually-hidden" [for]="'interval-' + s.id">Interval</label>
                      <select [id]="'interval-' + s.id" (change)="setInterval(s, $event)" [attr.data-testid]="'source-interval-' + s.id">
                        @for (m of intervals; track m) { <option [value]="m" [selected]="m === s.syncIntervalMinutes">{{ intervalLabel(m) }}</option> }
                      </select>
                    } @else { <span class="muted small">import</span> }
                  </td>
                  <td class="actions">
                    @if (spotify(s)) {
                      <button type="button" class="button button--ghost" (click)="syncNow(s)" [disabled]="s.lastSyncStatus === 'running'" [attr.data-testid]="'source-sync-' + s.id">Sync now</button>
                    }
                    <button type="button" class="button button--ghost" (click)="toggleExcluded(s)" [attr.data-testid]="'source-exclude-' + s.id">{{ s.excluded ? 'Include' : 'Exclude' }}</button>
                    <button type="button" class="button button--danger-outline" (click)="remove(s)" [attr.data-testid]="'source-delete-' + s.id">Remove</button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
})
export class PlaylistsPage implements OnInit {
  private readonly api = inject(SourcesApi);
  private readonly events = inject(EventStreamService);
  private readonly notifications = inject(NotificationService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly sources = signal<ListSource[]>([]);
  protected readonly loaded = signal(false);
  protected readonly discovered = signal<DiscoveredSpotifyList[] | null>(null);
  protected readonly discovering = signal(false);
  protected readonly importing = signal(false);
  protected readonly importResult = signal<ImportListResponse | null>(null);
  protected readonly importErrors = signal<string[]>([]);
  protected readonly importErrorTitle = signal('');
  protected readonly intervals = INTERVALS;

  ngOnInit(): void {
    this.reload();
    this.events
      .on('source.sync.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.sources.update((list) => (list.some((s) => s.id === payload.id) ? list.map((s) => (s.id === payload.id ? payload : s)) : [...list, payload])));
    this.events
      .on('sources.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.reload());
    this.events.reconnected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.reload());
  }

  protected reload(): void {
    this.api.list().subscribe((list) => {
      this.sources.set(list);
      this.loaded.set(true);
    });
  }

  protected discover(): void {
    this.discovering.set(true);
    this.api.discoverSpotify().subscribe({
      next: (r) => {
        this.discovered.set(r.lists);
        this.discovering.set(false);
      },
      error: () => this.discovering.set(false),
    });
  }

  protected add(list: DiscoveredSpotifyList): void {
    this.api.create({ kind: list.kind, externalId: list.externalId ?? undefined, name: list.name }).subscribe((source) => {
      this.discovered.update((lists) => lists?.map((l) => (l === list ? { ...l, sourceId: source.id } : l)) ?? null);
      this.notifications.success(`"${source.name}" added; its first sync is queued.`);
      this.reload();
    });
  }

  protected async importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.importing.set(true);
    this.importResult.set(null);
    this.importErrors.set([]);
    const content = await file.text();
    this.api.importList({ fileName: file.name, content }).subscribe({
      next: (r) => {
        this.importing.set(false);
        this.importResult.set(r);
        this.importErrorTitle.set(`${r.errors.length} line(s) could not be used:`);
        this.importErrors.set(r.errors.map((e) => `Line ${e.line}: ${e.reason}`));
        input.value = '';
        this.reload();
      },
      error: (e: unknown) => {
        this.importing.set(false);
        this.importErrorTitle.set(errorMessage(e));
        this.importErrors.set(e instanceof ApiError ? [...e.fieldErrors] : []);
        if (!(e instanceof ApiError) || !e.fieldErrors.length) this.importErrors.set([errorMessage(e)]);
        input.value = '';
      },
    });
  }

  protected syncNow(s: ListSource): void {
    this.api.sync(s.id).subscribe((updated) => this.replace(updated));
  }

  protected toggleSync(s: ListSource, event: Event): void {
    this.api.update(s.id, { syncEnabled: (event.target as HTMLInputElement).checked }).subscribe((u) => this.replace(u));
  }

  protected setInterval(s: ListSource, event: Event): void {
    this.api.update(s.id, { syncIntervalMinutes: Number((event.target as HTMLSelectElement).value) }).subscribe((u) => this.replace(u));
  }

  protected toggleExcluded(s: ListSource): void {
    this.api.update(s.id, { excluded: !s.excluded }).subscribe((u) => this.replace(u));
  }

  protected remove(s: ListSource): void {
    if (!confirm(`Remove "${s.name}"? Its wanted tracks and any downloaded files stay.`)) return;
    this.api.remove(s.id).subscribe(() => this.sources.update((list) => list.filter((x) => x.id !== s.id)));
  }

  protected kindLabel(s: ListSource): string {
    return KIND_LABELS[s.kind];
  }

  protected statusLabel(s: ListSource): string {
    return STATUS_LABELS[s.lastSyncStatus];
  }

  protected tone(s: ListSource) {
    return statusTone(s.lastSyncStatus);
  }

  protected unreadableHint(s: ListSource): string | null {
    return unreadableSpotifyPlaylistHint(s);
  }

  protected spotify(s: ListSource): boolean {
    return isSpotifySource(s);
  }

  protected intervalLabel(minutes: number): string {
    return minutes < 1440 ? `every ${minutes / 60} h` : minutes === 1440 ? 'daily' : 'weekly';
  }

  private replace(updated: ListSource): void {
    this.sources.update((list) => list.map((s) => (s.id === updated.id ? updated : s)));
  }
}

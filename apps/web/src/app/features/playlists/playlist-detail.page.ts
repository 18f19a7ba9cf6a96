import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { ListSource, ListSourceTrack } from '@soulspot/shared/contracts';
import { errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { SourcesApi } from '../../data-access/sources.api';
import { Pager } from '../../ui/pager';
import { StatusBadge } from '../../ui/status-badge';
import { isSpotifySource, KIND_LABELS, STATUS_LABELS, statusTone } from './source-status';

const PAGE_SIZE = 100;

function duration(ms: number | null): string {
  if (!ms) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

@Component({
  selector: 'ss-playlist-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, Pager, StatusBadge],
  template: `
    <p><a routerLink="/playlists">← Playlists</a></p>
    @if (error(); as message) {
      <p class="alert alert--error" role="alert" data-testid="source-error">{{ message }}</p>
    }
    @if (source(); as s) {
      <header class="page-header">
        <h1 data-testid="source-name">{{ s.name }}</h1>
        @if (spotify(s)) {
          <button type="button" class="button" (click)="syncNow(s)" [disabled]="s.lastSyncStatus === 'running'" data-testid="source-sync">Sync now</button>
        }
      </header>
      <section class="card">
        <dl class="facts">
          <dt>Kind</dt><dd>{{ kindLabel(s) }}</dd>
          <dt>Tracks</dt><dd data-testid="detail-counts">{{ s.counts.total }} ({{ s.counts.wanted }} wanted, {{ s.counts.excluded }} excluded, {{ s.counts.removed }} removed from the list)</dd>
          <dt>Skipped</dt><dd data-testid="detail-skipped">{{ s.skipped.unavailable }} unavailable, {{ s.skipped.local }} local files, {{ s.skipped.episode }} episodes</dd>
          <dt>Last sync</dt>
          <dd>
            <ss-status-badge [tone]="tone(s)"><span data-testid="detail-status" [attr.data-status]="s.lastSyncStatus">{{ statusLabel(s) }}</span></ss-status-badge>
            {{ s.lastSyncAt ? (s.lastSyncAt | date: 'medium') : '' }}
            @if (s.lastSyncMessage) { <span data-testid="detail-message"> — {{ s.lastSyncMessage }}</span> }
          </dd>
          <dt>Whole list</dt>
          <dd><label><input type="checkbox" [checked]="s.excluded" (change)="toggleList(s, $event)" data-testid="detail-exclude-list" /> exclude every track of this list from downloading</label></dd>
        </dl>
      </section>

      @if (s.kind === 'spotify_followed_artists') {
        <section class="card" aria-labelledby="artists-heading">
          <h2 id="artists-heading">Followed artists ({{ s.artists.length }})</h2>
          <p class="muted small">Kept as artists to watch; their releases are not turned into wanted tracks.</p>
          <ul data-testid="detail-artists">
            @for (a of s.artists; track a.id) { <li>{{ a.name }}</li> }
          </ul>
        </section>
      } @else {
        <section class="card" aria-labelledby="tracks-heading">
          <h2 id="tracks-heading">Tracks</h2>
          <label class="small"><input type="checkbox" [checked]="includeRemoved()" (change)="toggleRemoved($event)" data-testid="detail-show-removed" /> show entries removed from the list</label>
          <div class="table-wrap">
            <table class="table" data-testid="tracks-table">
              <thead><tr><th class="num">#</th><th>Title</th><th>Artist</th><th>Album</th><th class="num">Length</th><th>State</th><th></th></tr></thead>
              <tbody>
                @for (t of tracks(); track t.entryId) {
                  <tr [attr.data-testid]="'track-row-' + t.position" [attr.data-state]="t.state">
                    <td class="num">{{ t.position + 1 }}</td>
                    <th scope="row">{{ t.title }}</th>
                    <td>{{ t.artists.join(', ') }}</td>
                    <td>{{ t.album ?? '' }}</td>
                    <td class="num">{{ len(t.durationMs) }}</td>
                    <td>
                      @if (t.removedAt) {
                        <ss-status-badge tone="neutral">Removed from list</ss-status-badge>
                      } @else {
                        <ss-status-badge [tone]="t.state === 'wanted' ? 'pending' : 'neutral'"><span data-testid="track-state">{{ t.state === 'wanted' ? 'Wanted' : 'Excluded' }}</span></ss-status-badge>
                      }
                    </td>
                    <td class="actions">
                      <button type="button" class="button button--ghost" (click)="toggleTrack(t)" [attr.aria-pressed]="t.trackExcluded" data-testid="track-exclude">
                        {{ t.trackExcluded ? 'Want again' : 'Exclude' }}
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <ss-pager [page]="page()" [pageSize]="pageSize" [total]="total()" (pageChange)="goTo($event)" />
        </section>
      }
    }
  `,
})
export class PlaylistDetailPage implements OnInit {
  readonly id = input.required<string>();
  private readonly api = inject(SourcesApi);
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly source = signal<ListSource | null>(null);
  protected readonly tracks = signal<ListSourceTrack[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly includeRemoved = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly pageSize = PAGE_SIZE;

  ngOnInit(): void {
    this.load();
    this.events
      .on('source.sync.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => {
        if (payload.id !== this.id()) return;
        const finished = payload.lastSyncStatus === 'ok' && this.source()?.lastSyncStatus !== 'ok';
        this.source.set(payload);
        if (finished) this.loadTracks();
      });
    this.events
      .on('sources.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => {
        if (payload.sourceId === this.id()) this.load();
      });
  }

  private load(): void {
    this.api.get(this.id()).subscribe({
      next: (s) => {
        this.source.set(s);
        this.error.set(null);
      },
      error: (e: unknown) => this.error.set(errorMessage(e)),
    });
    this.loadTracks();
  }

  private loadTracks(): void {
    this.api.tracks(this.id(), this.page(), PAGE_SIZE, this.includeRemoved()).subscribe((p) => {
      this.tracks.set(p.items);
      this.total.set(p.total);
    });
  }

  protected goTo(page: number): void {
    this.page.set(page);
    this.loadTracks();
  }

  protected toggleRemoved(event: Event): void {
    this.includeRemoved.set((event.target as HTMLInputElement).checked);
    this.page.set(1);
    this.loadTracks();
  }

  protected toggleTrack(t: ListSourceTrack): void {
    this.api.setTrackExcluded(t.wantedTrackId, !t.trackExcluded).subscribe(() => this.load());
  }

  protected toggleList(s: ListSource, event: Event): void {
    this.api.update(s.id, { excluded: (event.target as HTMLInputElement).checked }).subscribe(() => this.load());
  }

  protected syncNow(s: ListSource): void {
    this.api.sync(s.id).subscribe((u) => this.source.set(u));
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

  protected spotify(s: ListSource): boolean {
    return isSpotifySource(s);
  }

  protected len(ms: number | null): string {
    return duration(ms);
  }
}

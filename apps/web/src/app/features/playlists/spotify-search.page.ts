import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { SpotifySearchItem, SpotifySearchResponse, SpotifySearchType } from '@soulspot/shared/contracts';
import { ApiError, errorMessage } from '../../core/api-error';
import { NotificationService } from '../../core/notification.service';
import { SpotifyApi } from '../../data-access/spotify.api';
import { EmptyState } from '../../ui/empty-state';

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Spotify search (10 per page, Development Mode): add a track, or every track of an album, as wanted. */
@Component({
  selector: 'ss-spotify-search-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, EmptyState],
  template: `
    <header class="page-header">
      <h1>Search Spotify</h1>
      <div class="toolbar"><a class="button button--ghost" routerLink="/playlists">Back to playlists</a></div>
    </header>

    <section class="card" aria-labelledby="spotify-search-heading">
      <h2 id="spotify-search-heading" class="visually-hidden">Search</h2>
      <form (submit)="submit($event)" data-testid="spotify-search-form">
        <label for="spotify-q">Search</label>
        <input id="spotify-q" type="search" [value]="query()" (input)="query.set($any($event.target).value)" placeholder="Artist, title or album" data-testid="spotify-search-input" />
        <fieldset class="field">
          <legend class="visually-hidden">What to search</legend>
          <label><input type="radio" name="type" value="track" [checked]="type() === 'track'" (change)="type.set('track')" data-testid="spotify-search-type-track" /> Tracks</label>
          <label><input type="radio" name="type" value="album" [checked]="type() === 'album'" (change)="type.set('album')" data-testid="spotify-search-type-album" /> Albums</label>
        </fieldset>
        <button type="submit" class="button" [disabled]="loading() || !query().trim()" data-testid="spotify-search-submit">{{ loading() ? 'Searching…' : 'Search' }}</button>
      </form>
    </section>

    @if (conflict(); as message) {
      <div class="alert alert--error" role="alert" data-testid="spotify-search-not-connected">
        <p>{{ message }}</p>
        <p><a routerLink="/settings">Open Settings</a> to connect Spotify.</p>
      </div>
    } @else if (error(); as message) {
      <div class="alert alert--error" role="alert" data-testid="spotify-search-error"><p>{{ message }}</p></div>
    }

    @if (result(); as r) {
      <section class="card" aria-labelledby="spotify-results-heading">
        <h2 id="spotify-results-heading">Results</h2>
        @if (r.items.length === 0) {
          <ss-empty-state heading="Nothing found" headingId="spotify-results-empty"><p class="muted">Try other words.</p></ss-empty-state>
        } @else {
          <div class="table-wrap">
            <table class="table" data-testid="spotify-results">
              <thead>
                <tr>
                  <th>{{ r.items[0].kind === 'album' ? 'Album' : 'Track' }}</th><th>Artists</th>
                  <th>{{ r.items[0].kind === 'album' ? 'Released' : 'Album' }}</th><th class="num">{{ r.items[0].kind === 'album' ? 'Tracks' : 'Length' }}</th><th></th>
                </tr>
              </thead>
              <tbody>
                @for (item of r.items; track item.spotifyId) {
                  <tr [attr.data-testid]="'spotify-result-' + item.spotifyId">
                    <th scope="row">{{ item.name }}</th>
                    <td>{{ item.artists.join(', ') }}</td>
                    <td>{{ item.kind === 'album' ? (item.releaseDate ?? '—') : (item.album ?? '—') }}</td>
                    <td class="num">{{ item.kind === 'album' ? (item.totalTracks ?? '—') : duration(item.durationMs) }}</td>
                    <td class="actions">
                      <button type="button" class="button" [disabled]="item.wanted || adding() === item.spotifyId" (click)="add(item)" [attr.data-testid]="'spotify-add-' + item.spotifyId">
                        {{ item.wanted ? 'Wanted' : adding() === item.spotifyId ? 'Adding…' : item.kind === 'album' ? 'Add album' : 'Add' }}
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            <button type="button" class="button button--ghost" [disabled]="r.page <= 1 || loading()" (click)="load(r.page - 1)" data-testid="spotify-pager-prev">Previous</button>
            <span data-testid="spotify-pager-label" aria-live="polite">Page {{ r.page }} · {{ r.total }} found</span>
            <button type="button" class="button button--ghost" [disabled]="!r.hasMore || loading()" (click)="load(r.page + 1)" data-testid="spotify-pager-next">Next</button>
          </nav>
        }
      </section>
    }
  `,
})
export class SpotifySearchPage {
  private readonly api = inject(SpotifyApi);
  private readonly notifications = inject(NotificationService);
  protected readonly query = signal('');
  protected readonly type = signal<SpotifySearchType>('track');
  protected readonly result = signal<SpotifySearchResponse | null>(null);
  protected readonly loading = signal(false);
  protected readonly adding = signal<string | null>(null);
  protected readonly conflict = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly duration = duration;
  /** The query and type the shown results belong to (the pager keeps them even if the form changed). */
  private searched: { q: string; type: SpotifySearchType } | null = null;

  protected submit(event: Event): void {
    event.preventDefault();
    const q = this.query().trim();
    if (!q) return;
    this.searched = { q, type: this.type() };
    this.load(1);
  }

  protected load(page: number): void {
    if (!this.searched) return;
    this.loading.set(true);
    this.api.search(this.searched.q, this.searched.type, page).subscribe({
      next: (r) => {
        this.result.set(r);
        this.conflict.set(null);
        this.error.set(null);
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.loading.set(false);
        this.result.set(null);
        if (e instanceof ApiError && e.status === 409) this.conflict.set(e.message);
        else this.error.set(errorMessage(e));
      },
    });
  }

  protected add(item: SpotifySearchItem): void {
    this.adding.set(item.spotifyId);
    this.api.want({ kind: item.kind, spotifyId: item.spotifyId }).subscribe({
      next: (res) => {
        this.adding.set(null);
        this.result.update((r) => (r ? { ...r, items: r.items.map((i) => (i.spotifyId === item.spotifyId && i.kind === item.kind ? { ...i, wanted: true } : i)) } : r));
        const what = item.kind === 'album' ? `${res.tracks} tracks of "${item.name}"` : `"${item.name}"`;
        this.notifications.success(res.created === 0 ? `${what} already wanted` : `Added ${what} to "Added from search"`);
      },
      error: () => this.adding.set(null),
    });
  }
}

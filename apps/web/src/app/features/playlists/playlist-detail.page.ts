import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { Download, ExportM3u8Response, ListSource, ListSourceTrack, QualityProfileView } from '@soulspot/shared/contracts';
import { errorMessage } from '../../core/api-error';
import { EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { DownloadsApi } from '../../data-access/downloads.api';
import { QualityProfilesApi } from '../../data-access/quality-profiles.api';
import { SourcesApi } from '../../data-access/sources.api';
import { Pager } from '../../ui/pager';
import { type BadgeTone, StatusBadge } from '../../ui/status-badge';
import { downloadProgressLabel, downloadProgressTone, isSpotifySource, KIND_LABELS, STATUS_LABELS, statusTone, unreadableSpotifyPlaylistHint } from './source-status';

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
        <div class="toolbar">
          @if (s.kind !== 'spotify_followed_artists') {
            <button type="button" class="button" (click)="downloadMissing(s)" [disabled]="busy() || s.counts.missing === 0" data-testid="source-download-missing">
              Download missing ({{ s.counts.missing }})
            </button>
            <button type="button" class="button button--ghost" (click)="exportM3u8(s)" [disabled]="busy()" data-testid="source-export-m3u8">Export M3U8</button>
          }
          @if (spotify(s)) {
            <button type="button" class="button button--ghost" (click)="syncNow(s)" [disabled]="s.lastSyncStatus === 'running'" data-testid="source-sync">Sync now</button>
          }
        </div>
      </header>
      @if (unreadableHint(s); as hint) {
        <p class="alert alert--error" role="alert" data-testid="source-unreadable-hint">{{ hint }}</p>
      }
      @if (exported(); as x) {
        <p class="alert alert--success" role="status" data-testid="source-export-result">
          Wrote {{ x.written }} of {{ x.total }} tracks to <code>{{ x.path }}</code>{{ x.missing ? ' (' + x.missing + ' not in the library yet; it is rewritten as they arrive)' : '' }}.
        </p>
      }
      <section class="card">
        <dl class="facts">
          <dt>Kind</dt><dd>{{ kindLabel(s) }}</dd>
          <dt>Tracks</dt><dd data-testid="detail-counts">{{ s.counts.total }} ({{ s.counts.wanted }} wanted: {{ s.counts.inLibrary }} in library, {{ s.counts.missing }} missing; {{ s.counts.excluded }} excluded, {{ s.counts.removed }} removed from the list)</dd>
          <dt>Skipped</dt><dd data-testid="detail-skipped">{{ s.skipped.unavailable }} unavailable, {{ s.skipped.local }} local files, {{ s.skipped.episode }} episodes</dd>
          <dt>Last sync</dt>
          <dd>
            <ss-status-badge [tone]="tone(s)"><span data-testid="detail-status" [attr.data-status]="s.lastSyncStatus">{{ statusLabel(s) }}</span></ss-status-badge>
            {{ s.lastSyncAt ? (s.lastSyncAt | date: 'medium') : '' }}
            @if (s.lastSyncMessage) { <span data-testid="detail-message"> — {{ s.lastSyncMessage }}</span> }
          </dd>
          @if (s.kind !== 'spotify_followed_artists') {
            <dt><label for="source-profile">Quality profile</label></dt>
            <dd>
              <select
                id="source-profile"
                data-testid="source-profile"
                (change)="setProfile(s, $event)"
                [disabled]="savingProfile() || profiles() === null"
                [attr.aria-describedby]="profileError() ? 'source-profile-error' : null"
              >
                <option value="" [selected]="!s.profile">Default ({{ defaultProfileName() }})</option>
                @for (p of profiles() ?? []; track p.id) {
                  <option [value]="p.id" [selected]="s.profile === p.id">{{ p.name }}</option>
                }
                @if (s.profile && !knownProfile(s.profile)) {
                  <option [value]="s.profile" selected>Unknown profile ({{ s.profile }})</option>
                }
              </select>
              <span class="muted small"> used when downloading this list's tracks</span>
              @if (profileError(); as message) {
                <p class="text-danger small" id="source-profile-error" role="alert" data-testid="source-profile-error">{{ message }}</p>
              }
            </dd>
          }
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
                        <ss-status-badge [tone]="trackTone(t)"><span data-testid="track-state">{{ trackStateLabel(t) }}</span></ss-status-badge>
                        @if (t.state === 'wanted' && downloadOf(t); as d) {
                          <ss-status-badge [tone]="progressTone(d)"><span data-testid="track-download" [attr.data-download-state]="d.state">{{ progressLabel(d) }}</span></ss-status-badge>
                        }
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
  private readonly downloads = inject(DownloadsApi);
  private readonly qualityProfiles = inject(QualityProfilesApi);
  private readonly notifications = inject(NotificationService);
  private readonly events = inject(EventStreamService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly source = signal<ListSource | null>(null);
  protected readonly tracks = signal<ListSourceTrack[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly includeRemoved = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly exported = signal<ExportM3u8Response | null>(null);
  /** null until loaded (the selector stays disabled). */
  protected readonly profiles = signal<QualityProfileView[] | null>(null);
  protected readonly savingProfile = signal(false);
  protected readonly profileError = signal<string | null>(null);
  protected readonly defaultProfileName = computed(() => this.profiles()?.find((p) => p.isDefault)?.name ?? 'the default profile');
  /** Latest download per wanted track: from "Download missing"'s answer, then live from download.updated events. */
  private readonly downloadsByTrack = signal<ReadonlyMap<string, Download>>(new Map());
  protected readonly pageSize = PAGE_SIZE;

  ngOnInit(): void {
    this.load();
    this.loadProfiles();
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
      .on('download.updated')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ payload }) => this.rememberDownloads([payload]));
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

  private loadProfiles(): void {
    this.qualityProfiles.list().subscribe({
      next: (list) => this.profiles.set(list),
      error: (e: unknown) => this.profileError.set(`Could not load the quality profiles: ${errorMessage(e)}`),
    });
  }

  protected knownProfile(id: string): boolean {
    return (this.profiles() ?? []).some((p) => p.id === id);
  }

  /** "" in the selector is the default profile (null on the wire), so the list follows a later change of the default. */
  protected setProfile(s: ListSource, event: Event): void {
    const select = event.target as HTMLSelectElement;
    const profile = select.value || null;
    this.savingProfile.set(true);
    this.profileError.set(null);
    this.api.setProfile(s.id, profile).subscribe({
      next: (updated) => {
        this.savingProfile.set(false);
        this.source.set(updated);
        const name = profile ? (this.profiles()?.find((p) => p.id === profile)?.name ?? profile) : `Default (${this.defaultProfileName()})`;
        this.notifications.success(`"${updated.name}" now downloads with ${name}`);
      },
      error: (e: unknown) => {
        this.savingProfile.set(false);
        this.profileError.set(`Could not change the quality profile: ${errorMessage(e)}`);
        // Back to what the server still has.
        select.value = s.profile ?? '';
      },
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

  /** Queues every missing track of the list through the download engine (tracks already queued or done are not doubled). */
  protected downloadMissing(s: ListSource): void {
    this.busy.set(true);
    this.downloads.create({ sourceId: s.id }).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.rememberDownloads(r.items);
        const existing = r.existing ? ` (${r.existing} already queued or downloaded)` : '';
        if (r.created === 0) this.notifications.info(`Nothing new to download from "${s.name}"${existing}`);
        else this.notifications.success(`Queued ${r.created} download${r.created === 1 ? '' : 's'} from "${s.name}"${existing}`);
        this.load();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.notifications.error(`Could not queue downloads: ${errorMessage(e)}`);
      },
    });
  }

  protected exportM3u8(s: ListSource): void {
    this.busy.set(true);
    this.api.exportM3u8(s.id).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.exported.set(r);
        this.notifications.success(`Playlist written: ${r.written} of ${r.total} tracks`);
      },
      error: () => this.busy.set(false),
    });
  }

  private rememberDownloads(items: Download[]): void {
    const ids = new Set(this.tracks().map((t) => t.wantedTrackId));
    const relevant = items.filter((d) => d.wantedTrackId && ids.has(d.wantedTrackId));
    if (!relevant.length) return;
    this.downloadsByTrack.update((current) => {
      const next = new Map(current);
      for (const d of relevant) next.set(d.wantedTrackId as string, d);
      return next;
    });
  }

  protected downloadOf(t: ListSourceTrack): Download | null {
    return this.downloadsByTrack().get(t.wantedTrackId) ?? null;
  }

  protected progressLabel(d: Download): string {
    return downloadProgressLabel(d);
  }

  protected progressTone(d: Download): BadgeTone {
    return downloadProgressTone(d);
  }

  protected trackStateLabel(t: ListSourceTrack): string {
    return t.state === 'in_library' ? 'In library' : t.state === 'wanted' ? 'Missing' : 'Excluded';
  }

  protected trackTone(t: ListSourceTrack): BadgeTone {
    return t.state === 'in_library' ? 'ok' : t.state === 'wanted' ? 'pending' : 'neutral';
  }

  protected unreadableHint(s: ListSource): string | null {
    return unreadableSpotifyPlaylistHint(s);
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

import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CreateDownloadsResponse, Download, ListSource, ListSourceTrack, Page, QualityProfileView } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { StubSource } from '../../../testing/stub-event-source';
import { PlaylistDetailPage } from './playlist-detail.page';

const ID = '11111111-1111-4111-8111-111111111111';

const list: ListSource = {
  id: ID,
  kind: 'csv',
  name: 'Road trip',
  externalId: null,
  snapshotId: null,
  syncEnabled: false,
  syncIntervalMinutes: 360,
  excluded: false,
  lastSyncAt: null,
  lastSyncStatus: 'ok',
  lastSyncMessage: null,
  counts: { total: 3, wanted: 2, inLibrary: 1, missing: 1, excluded: 1, removed: 0 },
  skipped: { local: 0, episode: 0, unavailable: 0 },
  artists: [],
  createdAt: '2026-11-01T09:00:00Z',
};

const track = (position: number, title: string, state: ListSourceTrack['state']): ListSourceTrack => ({
  entryId: `e${position}`,
  position,
  wantedTrackId: `w${position}`,
  title,
  artists: ['Linkin Park'],
  album: 'Meteora',
  durationMs: 162_000,
  isrc: null,
  spotifyId: null,
  state,
  trackExcluded: state === 'excluded',
  addedAt: null,
  removedAt: null,
});

const download = (wantedTrackId: string, patch: Partial<Download>): Download => ({
  id: `d-${wantedTrackId}`,
  state: 'wanted',
  priority: 0,
  position: 1,
  wantedTrackId,
  searchId: null,
  artist: 'Linkin Park',
  title: 'Numb',
  album: 'Meteora',
  durationMs: 162_000,
  profile: 'balanced',
  username: null,
  filename: null,
  size: null,
  placeInQueue: null,
  bytesTransferred: 0,
  percent: 0,
  speed: 0,
  etaSeconds: null,
  attemptCount: 0,
  searchCount: 0,
  failureReason: null,
  message: null,
  nextAttemptAt: null,
  localPath: null,
  createdAt: '2026-11-23T04:00:00Z',
  updatedAt: '2026-11-23T04:00:00Z',
  startedAt: null,
  finishedAt: null,
  ...patch,
});

const USER_PROFILE = '5f0c6f6e-2a4b-4c1d-9e3f-7a8b9c0d1e2f';
const profile = (id: string, name: string, isDefault: boolean): QualityProfileView => ({
  id, name, builtIn: id !== USER_PROFILE, isDefault, allowedFormats: ['flac', 'mp3'], minBitrate: null, maxBitrate: null, maxBitDepth: null,
  maxSampleRate: null, minSizeMb: null, maxSizeMb: null, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [],
});
const profiles = [profile('lossless-preferred', 'Lossless preferred', true), profile('balanced', 'Balanced', false), profile(USER_PROFILE, 'Car MP3s', false)];

const tracks: Page<ListSourceTrack> = { items: [track(0, 'Faint', 'in_library'), track(1, 'Numb', 'wanted'), track(2, 'Session', 'excluded')], total: 3, page: 1, pageSize: 100 };

describe('PlaylistDetailPage', () => {
  let fixture: ComponentFixture<PlaylistDetailPage>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  let stream: StubSource;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const toasts = () => TestBed.inject(NotificationService).notifications();

  async function open(source: ListSource): Promise<void> {
    fixture = TestBed.createComponent(PlaylistDetailPage);
    fixture.componentRef.setInput('id', source.id);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne(`/api/sources/${source.id}`).flush(source);
    backend.expectOne((r) => r.url === `/api/sources/${source.id}/tracks`).flush(tracks);
    backend.expectOne('/api/quality-profiles').flush(profiles);
    await fixture.whenStable();
  }

  async function reloaded(source: ListSource): Promise<void> {
    backend.expectOne(`/api/sources/${source.id}`).flush(source);
    backend.expectOne((r) => r.url === `/api/sources/${source.id}/tracks`).flush(tracks);
    await fixture.whenStable();
  }

  beforeEach(() => {
    stream = new StubSource();
    TestBed.configureTestingModule({
      imports: [PlaylistDetailPage],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: () => stream },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(EventStreamService).connect();
  });

  afterEach(() => backend.verify());

  it("shows the list's counts and each track's state, including in library", async () => {
    await open(list);
    expect(byTestId('detail-counts')?.textContent).toContain('2 wanted: 1 in library, 1 missing; 1 excluded');
    const states = [0, 1, 2].map((p) => byTestId(`track-row-${p}`)?.querySelector('[data-testid="track-state"]')?.textContent?.trim());
    expect(states).toEqual(['In library', 'Missing', 'Excluded']);
    expect(byTestId('source-download-missing')?.textContent).toContain('Download missing (1)');
  });

  it('"Download missing" asks the engine for the whole list and tells how many were queued and already there', async () => {
    await open(list);
    byTestId('source-download-missing')?.click();
    const req = backend.expectOne({ method: 'POST', url: '/api/downloads' });
    expect(req.request.body).toEqual({ sourceId: ID });
    await fixture.whenStable();
    expect((byTestId('source-download-missing') as HTMLButtonElement).disabled).toBe(true);
    const answer: CreateDownloadsResponse = { created: 1, existing: 2, excluded: 1, items: [download('w1', { state: 'searching' })] };
    req.flush(answer);
    await reloaded(list);
    expect(toasts().map((t) => [t.kind, t.text])).toEqual([['success', 'Queued 1 download from "Road trip" (2 already queued or downloaded)']]);
    expect((byTestId('source-download-missing') as HTMLButtonElement).disabled).toBe(false);

    // The missing track shows what the engine is doing, live; the one in the library shows no download.
    const progress = () => byTestId('track-row-1')?.querySelector('[data-testid="track-download"]')?.textContent?.trim();
    expect(progress()).toBe('Searching Soulseek');
    stream.send({ type: 'download.updated', payload: download('w1', { state: 'downloading', percent: 41.6, username: 'peer' }) });
    await fixture.whenStable();
    expect(progress()).toBe('Downloading 42 %');
    stream.send({ type: 'download.updated', payload: download('w1', { state: 'failed', failureReason: 'no_candidates' }) });
    stream.send({ type: 'download.updated', payload: download('w0', { state: 'downloading', percent: 10 }) });
    await fixture.whenStable();
    expect(progress()).toBe('Download failed (no candidates)');
    expect(byTestId('track-row-0')?.querySelector('[data-testid="track-download"]')).toBeNull();
  });

  it('"Download missing" shows why the engine refused', async () => {
    await open(list);
    byTestId('source-download-missing')?.click();
    backend
      .expectOne({ method: 'POST', url: '/api/downloads' })
      .flush({ statusCode: 409, message: 'slskd is not configured: open Settings → Soulseek', correlationId: 'c1' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(toasts().map((t) => [t.kind, t.text])).toEqual([['error', 'Could not queue downloads: slskd is not configured: open Settings → Soulseek']]);
  });

  it('is disabled when nothing is missing', async () => {
    await open({ ...list, counts: { ...list.counts, inLibrary: 2, missing: 0 } });
    expect((byTestId('source-download-missing') as HTMLButtonElement).disabled).toBe(true);
  });

  it('"Export M3U8" writes the playlist and shows where and how many tracks', async () => {
    await open(list);
    byTestId('source-export-m3u8')?.click();
    backend.expectOne({ method: 'POST', url: `/api/sources/${ID}/export-m3u8` }).flush({ path: '/music/Playlists/Road trip.m3u8', total: 3, written: 1, missing: 2 });
    await fixture.whenStable();
    expect(byTestId('source-export-result')?.textContent).toContain('Wrote 1 of 3 tracks to /music/Playlists/Road trip.m3u8 (2 not in the library yet');
    expect(toasts().map((t) => t.kind)).toEqual(['success']);
  });

  it('explains a Spotify-made playlist that Spotify does not let apps read', async () => {
    await open({ ...list, kind: 'spotify_playlist', externalId: '37i9dQZF1DXcBWIGoYBM5M', lastSyncStatus: 'error', lastSyncMessage: 'not found: Resource not found' });
    expect(byTestId('source-unreadable-hint')?.textContent).toContain('Playlists made by Spotify');
    expect(byTestId('source-unreadable-hint')?.textContent).toContain('export it as CSV');
  });
  describe('quality profile', () => {
    const select = () => byTestId('source-profile') as HTMLSelectElement;
    const options = () => Array.from(select().options).map((o) => o.textContent?.trim());
    async function choose(value: string): Promise<void> {
      select().value = value;
      select().dispatchEvent(new Event('change'));
      await fixture.whenStable();
    }

    it('shows "Default (<name>)" for a list without its own profile, and saves a chosen profile by id with a toast', async () => {
      await open({ ...list, profile: null });
      expect(options()).toEqual(['Default (Lossless preferred)', 'Lossless preferred', 'Balanced', 'Car MP3s']);
      expect(select().value).toBe('');

      await choose(USER_PROFILE);
      const patch = backend.expectOne({ method: 'PATCH', url: `/api/sources/${ID}` });
      expect(patch.request.body).toEqual({ profile: USER_PROFILE });
      expect(select().disabled).toBe(true);
      patch.flush({ ...list, profile: USER_PROFILE });
      await fixture.whenStable();
      expect(select().value).toBe(USER_PROFILE);
      expect(select().disabled).toBe(false);
      expect(toasts().map((t) => [t.kind, t.text])).toEqual([['success', '"Road trip" now downloads with Car MP3s']]);
    });

    it('goes back to the default profile with null', async () => {
      await open({ ...list, profile: 'balanced' });
      expect(select().value).toBe('balanced');
      await choose('');
      const patch = backend.expectOne({ method: 'PATCH', url: `/api/sources/${ID}` });
      expect(patch.request.body).toEqual({ profile: null });
      patch.flush({ ...list, profile: null });
      await fixture.whenStable();
      expect(select().value).toBe('');
      expect(toasts().map((t) => t.text)).toEqual(['"Road trip" now downloads with Default (Lossless preferred)']);
    });

    it('shows a failed save next to the selector and puts the selection back', async () => {
      await open({ ...list, profile: null });
      await choose('balanced');
      backend
        .expectOne({ method: 'PATCH', url: `/api/sources/${ID}` })
        .flush({ statusCode: 400, message: 'Unknown quality profile', correlationId: 'c' }, { status: 400, statusText: 'Bad Request' });
      await fixture.whenStable();
      expect(byTestId('source-profile-error')?.textContent).toContain('Could not change the quality profile: Unknown quality profile');
      expect(select().getAttribute('aria-describedby')).toBe('source-profile-error');
      expect(select().value).toBe('');
      expect(select().disabled).toBe(false);
      expect(toasts()).toEqual([]);
    });

    it('keeps the selector disabled and says so when the profiles cannot be loaded', async () => {
      fixture = TestBed.createComponent(PlaylistDetailPage);
      fixture.componentRef.setInput('id', ID);
      root = fixture.nativeElement as HTMLElement;
      await fixture.whenStable();
      backend.expectOne(`/api/sources/${ID}`).flush({ ...list, profile: null });
      backend.expectOne((r) => r.url === `/api/sources/${ID}/tracks`).flush(tracks);
      backend.expectOne('/api/quality-profiles').flush({ statusCode: 503, message: 'Database unavailable', correlationId: 'c' }, { status: 503, statusText: 'Unavailable' });
      await fixture.whenStable();
      expect(select().disabled).toBe(true);
      expect(byTestId('source-profile-error')?.textContent).toContain('Could not load the quality profiles');
    });
  });
});

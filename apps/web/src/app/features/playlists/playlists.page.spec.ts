import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ListSource } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, EventStreamService } from '../../core/event-stream.service';
import { StubSource } from '../../../testing/stub-event-source';
import { PlaylistsPage } from './playlists.page';

const roadTrip: ListSource = {
  id: '11111111-1111-4111-8111-111111111111',
  kind: 'spotify_playlist',
  name: 'Road trip',
  externalId: '3cEYpjA9oz9GiPac4AsH4n',
  snapshotId: 'abc',
  syncEnabled: true,
  syncIntervalMinutes: 360,
  excluded: false,
  lastSyncAt: '2026-11-01T10:00:00Z',
  lastSyncStatus: 'ok',
  lastSyncMessage: '50 tracks (50 new, 0 removed)',
  counts: { total: 50, wanted: 48, inLibrary: 5, missing: 43, excluded: 2, removed: 0 },
  skipped: { local: 2, episode: 2, unavailable: 3 },
  artists: [],
  createdAt: '2026-11-01T09:00:00Z',
};

describe('PlaylistsPage', () => {
  let fixture: ComponentFixture<PlaylistsPage>;
  let backend: HttpTestingController;
  let source: StubSource;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    source = new StubSource();
    TestBed.configureTestingModule({
      imports: [PlaylistsPage],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: () => source },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(EventStreamService).connect();
    fixture = TestBed.createComponent(PlaylistsPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/sources').flush([roadTrip]);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('lists sources with counts and the outcome of the last sync', () => {
    const row = byTestId(`source-row-${roadTrip.id}`);
    expect(row?.querySelector('[data-testid="source-wanted"]')?.textContent?.trim()).toBe('48');
    expect(row?.querySelector('[data-testid="source-in-library"]')?.textContent?.trim()).toBe('5');
    expect(row?.querySelector('[data-testid="source-missing"]')?.textContent?.trim()).toBe('43');
    expect(row?.querySelector('[data-testid="source-excluded"]')?.textContent?.trim()).toBe('2');
    expect(row?.querySelector('[data-testid="source-unreadable-hint"]')).toBeNull();
    expect(row?.querySelector('[data-testid="source-status"]')?.getAttribute('data-status')).toBe('ok');
    expect(row?.querySelector('[data-testid="source-message"]')?.textContent).toContain('50 tracks');
  });

  it('queues a sync and follows its progress live', async () => {
    byTestId(`source-sync-${roadTrip.id}`)?.click();
    backend.expectOne({ method: 'POST', url: `/api/sources/${roadTrip.id}/sync` }).flush({ ...roadTrip, lastSyncStatus: 'queued', lastSyncMessage: null });
    await fixture.whenStable();
    expect(byTestId('source-status')?.getAttribute('data-status')).toBe('queued');

    source.send({ type: 'source.sync.updated', payload: { ...roadTrip, lastSyncStatus: 'paused', lastSyncMessage: "Spotify's daily quota is used up: paused until 2026-11-02T00:00:00.000Z" } });
    await fixture.whenStable();
    expect(byTestId('source-status')?.getAttribute('data-status')).toBe('paused');
    expect(byTestId('source-message')?.textContent).toContain('paused until');
  });

  it('imports a file and shows the lines it could not use', async () => {
    const input = byTestId('import-file') as HTMLInputElement;
    const file = new File(['artist,title\nA,Song\nB,\n'], 'mix.csv', { type: 'text/csv' });
    Object.defineProperty(file, 'text', { value: () => Promise.resolve('artist,title\nA,Song\nB,\n') });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    await new Promise((r) => setTimeout(r));
    const req = backend.expectOne({ method: 'POST', url: '/api/sources/import' });
    expect(req.request.body).toEqual({ fileName: 'mix.csv', content: 'artist,title\nA,Song\nB,\n' });
    req.flush({ source: { ...roadTrip, id: 'x', kind: 'csv', name: 'mix' }, format: 'csv', imported: 1, duplicates: 0, errors: [{ line: 3, reason: 'row skipped: no title' }] });
    backend.expectOne('/api/sources').flush([roadTrip]);
    await fixture.whenStable();
    expect(byTestId('import-result')?.textContent).toContain('Imported 1 tracks into "mix"');
    expect(byTestId('import-errors')?.textContent).toContain('Line 3: row skipped: no title');
  });

  it('marks followed Spotify playlists as not readable with the CSV hint', async () => {
    byTestId('sources-discover')?.click();
    backend.expectOne({ method: 'POST', url: '/api/sources/spotify/discover' }).flush({
      lists: [
        { kind: 'spotify_playlist', externalId: 'followed1', name: "Someone else's mix", ownerName: 'Bob', totalItems: 40, readable: false, note: 'Not readable — export it as CSV', sourceId: null },
        { kind: 'spotify_playlist', externalId: 'mine1', name: 'Mine', ownerName: 'Me', totalItems: 4, readable: true, note: null, sourceId: null },
      ],
    });
    await fixture.whenStable();
    expect(byTestId('discovered-note-followed1')?.textContent).toContain('CSV');
    expect(byTestId('discovered-add-followed1')).toBeNull();
    byTestId('discovered-add-mine1')?.click();
    const req = backend.expectOne({ method: 'POST', url: '/api/sources' });
    expect(req.request.body).toEqual({ kind: 'spotify_playlist', externalId: 'mine1', name: 'Mine' });
    req.flush({ ...roadTrip, id: 'new', name: 'Mine', lastSyncStatus: 'queued' });
    backend.expectOne('/api/sources').flush([roadTrip]);
  });
});

import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SpotifySearchItem, SpotifySearchResponse } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { SpotifySearchPage } from './spotify-search.page';

const track = (n: number, wanted = false): SpotifySearchItem => ({
  kind: 'track',
  spotifyId: `track${n}`,
  name: `Song ${n}`,
  artists: ['Band'],
  album: 'Record',
  durationMs: 185_000,
  releaseDate: null,
  totalTracks: null,
  imageUrl: null,
  wanted,
});

const page = (n: number, hasMore: boolean, items: SpotifySearchItem[]): SpotifySearchResponse => ({ items, page: n, pageSize: 10, total: 25, hasMore });

describe('SpotifySearchPage', () => {
  let fixture: ComponentFixture<SpotifySearchPage>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`);

  const search = async (q: string) => {
    const input = byTestId<HTMLInputElement>('spotify-search-input');
    if (!input) throw new Error('no input');
    input.value = q;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    byTestId<HTMLButtonElement>('spotify-search-submit')?.click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SpotifySearchPage],
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(withInterceptors([apiInterceptor])), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SpotifySearchPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows results with Add buttons, "Wanted" for tracks already wanted, and pages with hasMore', async () => {
    await search('band');
    const req = backend.expectOne((r) => r.url === '/api/spotify/search');
    expect(req.request.params.get('q')).toBe('band');
    expect(req.request.params.get('type')).toBe('track');
    expect(req.request.params.get('page')).toBe('1');
    req.flush(page(1, true, [track(1), track(2, true)]));
    await fixture.whenStable();

    expect(byTestId('spotify-result-track1')?.textContent).toContain('3:05');
    const add1 = byTestId<HTMLButtonElement>('spotify-add-track1');
    expect(add1?.disabled).toBe(false);
    expect(add1?.textContent?.trim()).toBe('Add');
    const add2 = byTestId<HTMLButtonElement>('spotify-add-track2');
    expect(add2?.disabled).toBe(true);
    expect(add2?.textContent?.trim()).toBe('Wanted');
    expect(byTestId<HTMLButtonElement>('spotify-pager-prev')?.disabled).toBe(true);

    byTestId<HTMLButtonElement>('spotify-pager-next')?.click();
    await fixture.whenStable();
    const next = backend.expectOne((r) => r.url === '/api/spotify/search');
    expect(next.request.params.get('page')).toBe('2');
    expect(next.request.params.get('q')).toBe('band');
    next.flush(page(2, false, [track(11)]));
    await fixture.whenStable();
    expect(byTestId('spotify-pager-label')?.textContent).toContain('Page 2');
    expect(byTestId<HTMLButtonElement>('spotify-pager-next')?.disabled).toBe(true);
    expect(byTestId<HTMLButtonElement>('spotify-pager-prev')?.disabled).toBe(false);
  });

  it('adds a track and then shows it as wanted', async () => {
    await search('band');
    backend.expectOne((r) => r.url === '/api/spotify/search').flush(page(1, false, [track(1)]));
    await fixture.whenStable();
    byTestId<HTMLButtonElement>('spotify-add-track1')?.click();
    await fixture.whenStable();
    expect(byTestId<HTMLButtonElement>('spotify-add-track1')?.disabled).toBe(true);
    const want = backend.expectOne('/api/spotify/search/want');
    expect(want.request.method).toBe('POST');
    expect(want.request.body).toEqual({ kind: 'track', spotifyId: 'track1' });
    want.flush({ sourceId: 'src', tracks: 1, created: 1 });
    await fixture.whenStable();
    expect(byTestId('spotify-add-track1')?.textContent?.trim()).toBe('Wanted');
  });

  it('searches albums and says when Spotify is not connected, with a link to Settings', async () => {
    byTestId<HTMLInputElement>('spotify-search-type-album')?.click();
    await search('record');
    const req = backend.expectOne((r) => r.url === '/api/spotify/search');
    expect(req.request.params.get('type')).toBe('album');
    req.flush({ statusCode: 409, message: 'Spotify is not connected; connect it in Settings', correlationId: 'c' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    const alert = byTestId('spotify-search-not-connected');
    expect(alert?.textContent).toContain('not connected');
    expect(alert?.querySelector('a')?.getAttribute('href')).toBe('/settings');
    expect(byTestId('spotify-results')).toBeNull();
  });
});

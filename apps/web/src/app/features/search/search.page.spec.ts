import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SlskdSettings, SoulseekCandidate, SoulseekSearch, SoulseekSearchBudget, SoulseekSearchDetail } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { NotificationService } from '../../core/notification.service';
import { EVENT_SOURCE_FACTORY, EventStreamService } from '../../core/event-stream.service';
import { StubSource } from '../../../testing/stub-event-source';
import { parseDuration, SearchPage } from './search.page';

const settings = (configured: boolean): SlskdSettings => ({
  url: configured ? 'http://slskd:5030' : '',
  hasApiKey: configured,
  configured,
  downloadsPathRemote: '',
  downloadsPathLocal: '',
  searchesPerWindow: 34,
  searchWindowSeconds: 220,
  searchMinGapMs: 2000,
  searchTimeoutMs: 8000,
});
const budget: SoulseekSearchBudget = {
  capacity: 34,
  windowSeconds: 220,
  minGapMs: 2000,
  available: 30,
  nextSlotAt: '2026-01-01T10:00:00Z',
  queuedSearches: 120,
  etaSeconds: 1080,
  blockedUntil: null,
};
const search = (status: SoulseekSearch['status']): SoulseekSearch => ({
  id: 's1',
  status,
  artist: 'The Velvet Foxes',
  title: 'Runaway Tonight',
  album: null,
  durationMs: 187_000,
  profile: 'lossless-preferred',
  steps: status === 'done' ? [{ id: 'Q1', query: 'the velvet foxes runaway tonight', cached: false, responses: 4, files: 5, accepted: 1, durationMs: 900 }] : [],
  acceptedCount: status === 'done' ? 1 : 0,
  rejectedCount: status === 'done' ? 1 : 0,
  error: null,
  createdAt: '2026-01-01T10:00:00Z',
  startedAt: status === 'queued' ? null : '2026-01-01T10:00:01Z',
  finishedAt: status === 'done' ? '2026-01-01T10:00:03Z' : null,
});
const candidate = (over: Partial<SoulseekCandidate>): SoulseekCandidate => ({
  id: 'c1',
  accepted: true,
  rank: 1,
  username: 'flacvault',
  filename: '@@x\\Music\\The Velvet Foxes\\2009 - Neon Boulevard\\02 - Runaway Tonight.flac',
  size: 20_000_000,
  lengthSeconds: 187,
  bitRate: null,
  bitDepth: 16,
  sampleRate: 44100,
  uploadSpeed: 4_000_000,
  queueLength: 0,
  hasFreeUploadSlot: true,
  identity: 96,
  quality: 100,
  availability: 90,
  band: 1,
  qualityTier: 0,
  availClass: 0,
  etaSeconds: 12,
  reasons: ['album folder matches'],
  rejectReason: null,
  rejectDetail: null,
  ...over,
});

describe('SearchPage', () => {
  let fixture: ComponentFixture<SearchPage>;
  let backend: HttpTestingController;
  let source: StubSource;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const type = (id: string, value: string) => {
    const el = byTestId(id) as HTMLInputElement;
    el.value = value;
    el.dispatchEvent(new Event('input'));
  };

  beforeEach(async () => {
    source = new StubSource();
    TestBed.configureTestingModule({
      imports: [SearchPage],
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
    fixture = TestBed.createComponent(SearchPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    // The profile list is loaded beside the searches; tests that do not look at it leave it unanswered.
    for (const r of backend.match('/api/quality-profiles')) r.flush([]);
    backend.verify();
  });

  it('sends the user to the Soulseek settings while slskd is not configured', async () => {
    backend.expectOne('/api/settings/slskd').flush(settings(false));
    await fixture.whenStable();
    expect(byTestId('search-not-configured')).not.toBeNull();
    expect(byTestId('search-settings-link')?.getAttribute('href')).toBe('/settings#soulseek');
    expect(byTestId('search-form')).toBeNull();
  });

  it('queues a search, follows it live and shows accepted and rejected candidates with reasons', async () => {
    backend.expectOne('/api/settings/slskd').flush(settings(true));
    await fixture.whenStable();
    backend.expectOne('/api/soulseek/search-budget').flush(budget);
    backend.expectOne((r) => r.url === '/api/soulseek/searches').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    await fixture.whenStable();
    expect(byTestId('budget-available')?.textContent).toBe('30');
    expect(byTestId('budget-queue')?.textContent).toContain('18 min');

    type('search-artist', 'The Velvet Foxes');
    type('search-title', 'Runaway Tonight');
    type('search-length', '3:07');
    byTestId('search-submit')?.click();
    const post = backend.expectOne('/api/soulseek/searches');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({ artist: 'The Velvet Foxes', title: 'Runaway Tonight', durationMs: 187_000, profile: 'lossless-preferred' });
    post.flush(search('queued'), { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    backend.expectOne('/api/soulseek/search-budget').flush(budget);
    expect(byTestId('search-status')?.textContent).toBe('queued');

    source.send({ type: 'soulseek.search.updated', payload: search('done') });
    await fixture.whenStable();
    backend.expectOne('/api/soulseek/search-budget').flush(budget);
    const detail: SoulseekSearchDetail = {
      ...search('done'),
      accepted: { items: [candidate({})], total: 1, page: 1, pageSize: 100 },
      rejected: {
        items: [candidate({ id: 'c2', accepted: false, rank: null, filename: '@@y\\Live\\Runaway Tonight (Live at Brixton).mp3', rejectReason: 'version_mismatch', rejectDetail: 'live' })],
        total: 1,
        page: 1,
        pageSize: 100,
      },
    };
    backend.expectOne('/api/soulseek/searches/s1').flush(detail);
    await fixture.whenStable();

    expect(byTestId('search-status')?.textContent).toBe('done');
    expect(byTestId('search-steps')?.textContent).toContain('the velvet foxes runaway tonight');
    expect(byTestId('accepted-c1')?.textContent).toContain('02 - Runaway Tonight.flac');
    expect(byTestId('accepted-c1')?.textContent).toContain('FLAC 16/44.1');
    expect(byTestId('accepted-c1')?.textContent).toContain('album folder matches');
    expect(byTestId('rejected-c2')?.textContent).toContain('Different version');
    expect(byTestId('rejected-c2')?.textContent).toContain('live');
  });

  it('queues a chosen candidate for download, and a rejected one only after confirming', async () => {
    backend.expectOne('/api/settings/slskd').flush(settings(true));
    await fixture.whenStable();
    backend.expectOne('/api/soulseek/search-budget').flush(budget);
    backend.expectOne((r) => r.url === '/api/soulseek/searches').flush({ items: [search('done')], total: 1, page: 1, pageSize: 10 });
    await fixture.whenStable();
    byTestId('recent-s1')?.click();
    backend.expectOne('/api/soulseek/searches/s1').flush({
      ...search('done'),
      accepted: { items: [candidate({})], total: 1, page: 1, pageSize: 100 },
      rejected: { items: [candidate({ id: 'c2', accepted: false, rank: null, rejectReason: 'version_mismatch', rejectDetail: 'live' })], total: 1, page: 1, pageSize: 100 },
    });
    await fixture.whenStable();

    byTestId('download-c1')?.click();
    const post = backend.expectOne('/api/downloads');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({ candidate: { searchId: 's1', candidateId: 'c1' } });
    post.flush({ created: 1, existing: 0, excluded: 0, items: [] }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(byTestId('queued-c1')?.textContent).toBe('Queued');
    // The toast links to the Downloads page (no separate note on the page any more).
    expect(TestBed.inject(NotificationService).notifications().map((n) => [n.text, n.link])).toContainEqual([
      'Queued “The Velvet Foxes — Runaway Tonight” from flacvault.',
      { label: 'Open Downloads', path: '/downloads' },
    ]);
    expect(byTestId('download-queued')).toBeNull();

    const confirmSpy = jest.spyOn(window, 'confirm').mockReturnValue(false);
    byTestId('download-c2')?.click();
    expect(confirmSpy.mock.calls[0]?.[0]).toContain('Different version: live');
    backend.expectNone('/api/downloads');
    confirmSpy.mockReturnValue(true);
    byTestId('download-c2')?.click();
    backend
      .expectOne('/api/downloads')
      .flush({ statusCode: 409, message: 'slskd is not configured', correlationId: 'x' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(TestBed.inject(NotificationService).notifications().map((n) => n.text)).toContain('slskd is not configured');
    expect(byTestId('download-c2')).not.toBeNull();
    confirmSpy.mockRestore();
  });

  it('offers every quality profile by name, preselects the default and sends the chosen id', async () => {
    backend.expectOne('/api/settings/slskd').flush(settings(true));
    await fixture.whenStable();
    backend.expectOne('/api/soulseek/search-budget').flush(budget);
    backend.expectOne((r) => r.url === '/api/soulseek/searches').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    const none = { minBitrate: null, maxBitrate: null, maxBitDepth: null, maxSampleRate: null, minSizeMb: null, maxSizeMb: null, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [] };
    backend.expectOne('/api/quality-profiles').flush([
      { ...none, id: 'lossless-preferred', name: 'Lossless preferred', builtIn: true, isDefault: false, allowedFormats: ['flac'] },
      { ...none, id: 'balanced', name: 'Balanced', builtIn: true, isDefault: false, allowedFormats: ['mp3'] },
      { ...none, id: 'u1', name: 'MP3 320 only', builtIn: false, isDefault: true, allowedFormats: ['mp3'] },
    ]);
    await fixture.whenStable();
    const select = byTestId('search-profile') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ['lossless-preferred', 'Lossless preferred'],
      ['balanced', 'Balanced'],
      ['u1', 'MP3 320 only (default)'],
    ]);
    expect(select.value).toBe('u1');

    select.value = 'balanced';
    select.dispatchEvent(new Event('change'));
    type('search-artist', 'The Velvet Foxes');
    type('search-title', 'Runaway Tonight');
    byTestId('search-submit')?.click();
    const post = backend.expectOne('/api/soulseek/searches');
    expect(post.request.body).toMatchObject({ profile: 'balanced' });
    post.flush(search('queued'), { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    backend.expectOne('/api/soulseek/search-budget').flush(budget);
  });

  it('parses lengths as m:ss or seconds and rejects anything else', () => {
    backend.expectOne('/api/settings/slskd').flush(settings(false));
    expect(parseDuration('4:11')).toBe(251_000);
    expect(parseDuration('251')).toBe(251_000);
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('four minutes')).toBeNull();
  });
});

import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { BlocklistEntry, Download, DownloadDetail, Page, QualityProfileView } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, EventStreamService } from '../../core/event-stream.service';
import { NotificationService } from '../../core/notification.service';
import { download, queueStatus } from '../../../testing/download-fixtures';
import { StubSource } from '../../../testing/stub-event-source';
import { DownloadsPage } from './downloads.page';

const profile = (id: string, name: string, builtIn: boolean): QualityProfileView => ({
  id, name, builtIn, isDefault: builtIn, allowedFormats: ['flac', 'mp3'], minBitrate: null, maxBitrate: null, maxBitDepth: null, maxSampleRate: null,
  minSizeMb: null, maxSizeMb: null, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [],
});

const pageOf = (items: Download[], over: Partial<Page<Download>> = {}): Page<Download> => ({ items, total: items.length, page: 1, pageSize: 50, ...over });

const running = download({
  id: 'd1',
  state: 'downloading',
  position: 1,
  username: 'flacvault',
  filename: '@@x\\Music\\The Velvet Foxes\\02 - Runaway Tonight.flac',
  size: 31_457_280,
  percent: 20,
  bytesTransferred: 6_291_456,
  speed: 1_048_576,
  etaSeconds: 24,
  attemptCount: 1,
});
const waiting = download({ id: 'd2', state: 'queued', position: 2, artist: 'Nova Lane', title: 'Glass Harbor', username: 'mp3king', filename: 'Glass Harbor.mp3', placeInQueue: 4 });
const failed = download({
  id: 'd3',
  state: 'failed',
  artist: 'Ghost Choir',
  title: 'Lantern',
  failureReason: 'all_candidates_failed',
  message: '3 candidates tried',
  finishedAt: '2026-01-01T09:00:00Z',
});

describe('DownloadsPage', () => {
  let fixture: ComponentFixture<DownloadsPage>;
  let backend: HttpTestingController;
  let source: StubSource;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const text = (id: string) => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const stable = () => fixture.whenStable();
  const listRequest = (): TestRequest => backend.expectOne((r) => r.method === 'GET' && r.url === '/api/downloads');
  const toasts = () => TestBed.inject(NotificationService).notifications().map((n) => n.text);

  async function create(inputs: Record<string, string> = {}, list: Page<Download> = pageOf([running, waiting, failed])): Promise<TestRequest> {
    fixture = TestBed.createComponent(DownloadsPage);
    for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
    root = fixture.nativeElement as HTMLElement;
    await stable();
    backend.expectOne('/api/downloads/status').flush(queueStatus({ counts: { downloading: 1, queued: 1, wanted: 2, failed: 1 }, today: { done: 5, failed: 1 }, speed: 1_048_576 }));
    const req = listRequest();
    req.flush(list);
    await stable();
    return req;
  }

  beforeEach(() => {
    source = new StubSource();
    TestBed.configureTestingModule({
      imports: [DownloadsPage],
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
  });

  afterEach(() => {
    backend.verify();
    jest.restoreAllMocks();
  });

  it('lists downloads with state, progress, peer queue place, reason, and the queue summary', async () => {
    const req = await create();
    expect(req.request.params.get('state')).toBeNull();
    expect(req.request.params.get('pageSize')).toBe('50');
    expect(text('summary-active')).toBe('2');
    expect(text('summary-queued')).toBe('2');
    expect(text('summary-done-today')).toBe('5');
    expect(text('summary-speed')).toBe('1.0 MB/s');
    expect(text('state-d1')).toBe('Downloading');
    expect((byTestId('progress-d1') as HTMLProgressElement).value).toBe(20);
    expect(text('progress-text-d1')).toBe('20 % · 1.0 MB/s · 24 s left');
    expect(text('download-row-d1')).toContain('02 - Runaway Tonight.flac');
    expect(text('queue-place-d2')).toBe('Place 4 in the peer’s queue');
    expect(text('reason-d3')).toBe('Every candidate failed');
    expect(text('message-d3')).toBe('3 candidates tried');
    expect(byTestId('circuit-banner')).toBeNull();
    expect(byTestId('retry-d3')).not.toBeNull();
    expect(byTestId('pause-d3')).toBeNull();
  });

  it('follows the queue live: progress, new rows, rows leaving the filter, removals and the slskd circuit', async () => {
    await create({ state: 'active' }, pageOf([running, waiting]));
    source.send({ type: 'download.updated', payload: { ...running, percent: 75, speed: 2_621_440, etaSeconds: 185 } });
    await stable();
    expect(text('progress-text-d1')).toBe('75 % · 2.5 MB/s · 3 min 5 s left');

    source.send({ type: 'download.updated', payload: download({ id: 'd9', state: 'searching', priority: 5, artist: 'New', title: 'Arrival' }) });
    await stable();
    const order = [...root.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-testid'));
    expect(order).toEqual(['download-row-d9', 'download-row-d1', 'download-row-d2']);

    source.send({ type: 'download.updated', payload: { ...running, state: 'done', percent: 100, finishedAt: '2026-01-01T10:10:00Z' } });
    await stable();
    expect(byTestId('download-row-d1')).toBeNull();

    source.send({ type: 'download.removed', payload: { id: 'd2' } });
    await stable();
    expect(byTestId('download-row-d2')).toBeNull();

    source.send({
      type: 'downloads.status',
      payload: queueStatus({ slskd: { circuit: 'open', retryAt: '2026-01-01T10:15:30Z', lastError: 'connect ECONNREFUSED' }, counts: { searching: 1 } }),
    });
    await stable();
    expect(text('circuit-banner')).toContain('slskd is unreachable, retrying at');
    expect(text('circuit-banner')).toContain('connect ECONNREFUSED');
    expect(text('summary-active')).toBe('1');

    // State changes also refresh the counts once, in case the status event lags (a verification ends outside a tick).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    backend.expectOne('/api/downloads/status').flush(queueStatus({ counts: { searching: 1, done: 1 }, today: { done: 6, failed: 0 } }));
    await stable();
    expect(text('summary-done-today')).toBe('6');
  });

  it('filters by state and searches by text, starting from the filter in the URL', async () => {
    const first = await create({ state: 'failed' }, pageOf([failed]));
    expect(first.request.params.get('state')).toBe('failed');
    expect(byTestId('filter-failed')?.getAttribute('aria-pressed')).toBe('true');

    byTestId('filter-active')?.click();
    await stable();
    const active = listRequest();
    expect(active.request.params.get('state')).toBe('searching,queued,downloading,verifying');
    active.flush(pageOf([]));
    await stable();
    expect(text('downloads-empty')).toBe('No active downloads.');

    byTestId('filter-queued')?.click();
    await stable();
    const queued = listRequest();
    expect(queued.request.params.get('state')).toBe('wanted,paused');
    queued.flush(pageOf([]));
    await stable();

    const input = byTestId('downloads-q') as HTMLInputElement;
    input.value = '  velvet ';
    input.dispatchEvent(new Event('input'));
    byTestId('downloads-search')?.dispatchEvent(new Event('submit'));
    await stable();
    const searched = listRequest();
    expect(searched.request.params.get('q')).toBe('velvet');
    expect(searched.request.params.get('page')).toBe('1');
    searched.flush(pageOf([], { total: 0 }));
    await stable();
    expect(text('downloads-empty')).toBe('Nothing matches “velvet”.');
  });

  it('pages through long lists', async () => {
    await create({}, pageOf([running], { total: 120 }));
    expect(text('pager-label')).toBe('Page 1 of 3 · 120 total');
    byTestId('pager-next')?.click();
    await stable();
    const second = listRequest();
    expect(second.request.params.get('page')).toBe('2');
    second.flush(pageOf([waiting], { total: 120, page: 2 }));
    await stable();
    expect(byTestId('download-row-d2')).not.toBeNull();
  });

  it('pauses, cancels (after confirming), retries and removes single downloads', async () => {
    await create();
    byTestId('pause-d1')?.click();
    const pause = backend.expectOne('/api/downloads/d1/actions/pause');
    expect(pause.request.method).toBe('POST');
    pause.flush({ ...running, state: 'paused', speed: 0 });
    await stable();
    expect(text('state-d1')).toBe('Paused');
    expect(byTestId('resume-d1')).not.toBeNull();

    const confirmSpy = jest.spyOn(window, 'confirm').mockReturnValue(false);
    byTestId('cancel-d2')?.click();
    backend.expectNone('/api/downloads/d2/actions/cancel');
    confirmSpy.mockReturnValue(true);
    byTestId('cancel-d2')?.click();
    backend.expectOne('/api/downloads/d2/actions/cancel').flush({ ...waiting, state: 'cancelled', finishedAt: '2026-01-01T10:20:00Z' });
    await stable();
    expect(text('state-d2')).toBe('Cancelled');

    byTestId('retry-d3')?.click();
    backend.expectOne('/api/downloads/d3/actions/retry').flush({ ...failed, state: 'wanted', failureReason: null, message: null, finishedAt: null });
    await stable();
    expect(text('state-d3')).toBe('Waiting');

    byTestId('remove-d2')?.click();
    backend.expectOne('/api/downloads/d2/actions/remove').flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    expect(byTestId('download-row-d2')).toBeNull();
  });

  it('moves items up, down and to the top', async () => {
    const third = download({ id: 'd4', state: 'wanted', position: 3 });
    await create({}, pageOf([running, waiting, third]));
    expect((byTestId('up-d1') as HTMLButtonElement).disabled).toBe(true);

    byTestId('up-d2')?.click();
    const up = backend.expectOne('/api/downloads/d2/reorder');
    expect(up.request.body).toEqual({ beforeId: 'd1' });
    up.flush({ ...waiting, position: 0 });
    listRequest().flush(pageOf([{ ...waiting, position: 0 }, running, third]));
    await stable();
    expect([...root.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-testid'))).toEqual(['download-row-d2', 'download-row-d1', 'download-row-d4']);

    byTestId('down-d2')?.click();
    const down = backend.expectOne('/api/downloads/d2/reorder');
    expect(down.request.body).toEqual({ beforeId: 'd4' });
    down.flush(waiting);
    listRequest().flush(pageOf([running, waiting, third]));
    await stable();

    // The last unfinished row of the last page goes to the bottom.
    byTestId('down-d2')?.click();
    const bottom = backend.expectOne('/api/downloads/d2/reorder');
    expect(bottom.request.body).toEqual({ to: 'bottom' });
    bottom.flush({ ...waiting, position: 4 });
    listRequest().flush(pageOf([running, third, { ...waiting, position: 4 }]));
    await stable();

    byTestId('top-d4')?.click();
    const top = backend.expectOne('/api/downloads/d4/reorder');
    expect(top.request.body).toEqual({ to: 'top' });
    top.flush({ ...third, position: -1 });
    listRequest().flush(pageOf([{ ...third, position: -1 }, running, waiting]));
    await stable();
  });

  it('runs a batch action on the selection and reports what was skipped', async () => {
    await create();
    (byTestId('select-d1') as HTMLInputElement).click();
    (byTestId('select-d3') as HTMLInputElement).click();
    await stable();
    expect(text('batch-count')).toBe('2 selected');
    byTestId('batch-retry')?.click();
    const batch = backend.expectOne('/api/downloads/batch');
    expect(batch.request.body).toEqual({ ids: ['d1', 'd3'], action: 'retry' });
    batch.flush({ updated: 1, skipped: [{ id: 'd1', reason: 'cannot retry a downloading download' }] });
    listRequest().flush(pageOf([running, waiting, { ...failed, state: 'wanted' }]));
    await stable();
    expect(toasts()).toContain('Retry: 1 updated, 1 skipped (cannot retry a downloading download).');
    expect(byTestId('batch-bar')).toBeNull();

    (byTestId('select-all') as HTMLInputElement).click();
    await stable();
    expect(text('batch-count')).toBe('3 selected');
    // A selected row that disappears is no longer part of the selection.
    source.send({ type: 'download.removed', payload: { id: 'd2' } });
    await stable();
    expect(text('batch-count')).toBe('2 selected');
  });

  it('pauses and resumes the whole queue', async () => {
    await create();
    byTestId('queue-pause')?.click();
    const pause = backend.expectOne('/api/downloads/queue/pause');
    expect(pause.request.method).toBe('POST');
    pause.flush(queueStatus({ paused: true }));
    await stable();
    expect(byTestId('queue-paused-banner')).not.toBeNull();
    byTestId('queue-resume')?.click();
    backend.expectOne('/api/downloads/queue/resume').flush(queueStatus({ paused: false }));
    await stable();
    expect(byTestId('queue-paused-banner')).toBeNull();
  });

  it('clears finished history for the filter shown', async () => {
    await create({ state: 'done' }, pageOf([download({ id: 'd5', state: 'done', finishedAt: '2026-01-01T08:00:00Z' })]));
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    byTestId('downloads-clear')?.click();
    const clear = backend.expectOne((r) => r.url === '/api/downloads/clear-finished');
    expect(clear.request.params.get('state')).toBe('done');
    clear.flush({ removed: 12 });
    listRequest().flush(pageOf([]));
    backend.expectOne('/api/downloads/status').flush(queueStatus());
    await stable();
    expect(toasts()).toContain('Removed 12 finished download(s) from the history.');
  });

  it('opens a details drawer with every attempt and its quarantine path, kept live', async () => {
    await create();
    byTestId('open-d3')?.click();
    const detail: DownloadDetail = {
      ...failed,
      attemptCount: 2,
      attempts: [
        {
          id: 'a2', username: 'decoy', filename: '@@d\\Lantern (Live).mp3', size: 5_000_000, outcome: 'failed', reason: 'verification_failed',
          detail: 'duration 301 s, wanted 187 s', quarantinePath: '/data/quarantine/d3/Lantern (Live).mp3', startedAt: '2026-01-01T08:50:00Z', endedAt: '2026-01-01T08:55:00Z',
        },
        {
          id: 'a1', username: 'ghost', filename: '@@g\\Lantern.flac', size: 30_000_000, outcome: 'failed', reason: 'user_offline',
          detail: null, quarantinePath: null, startedAt: '2026-01-01T08:40:00Z', endedAt: '2026-01-01T08:41:00Z',
        },
      ],
    };
    backend.expectOne('/api/quality-profiles').flush([profile('lossless-preferred', 'Lossless preferred', true)]);
    backend.expectOne('/api/downloads/d3').flush(detail);
    await stable();
    expect(text('download-detail-profile')).toBe('Lossless preferred');
    expect(text('attempt-a2')).toContain('File failed verification (quarantined)');
    expect(text('attempt-a2')).toContain('duration 301 s, wanted 187 s');
    expect(text('attempt-quarantine')).toBe('/data/quarantine/d3/Lantern (Live).mp3');
    expect(text('attempt-a1')).toContain('Peer offline');

    // Retried elsewhere: a new attempt means the drawer fetches the attempts again.
    source.send({ type: 'download.updated', payload: { ...failed, state: 'queued', attemptCount: 3, failureReason: null, finishedAt: null } });
    await stable();
    backend.expectOne('/api/downloads/d3').flush({ ...detail, state: 'queued', attemptCount: 3 });
    await stable();

    byTestId('download-detail-close')?.click();
    await stable();
    expect(byTestId('download-detail')).toBeNull();
  });

  it("names the quality profile in the drawer (a user profile's uuid is not shown) and fetches the profiles only once", async () => {
    const uuid = '5f0c6f6e-2a4b-4c1d-9e3f-7a8b9c0d1e2f';
    await create({}, pageOf([{ ...waiting, profile: uuid }, failed]));
    byTestId('open-d2')?.click();
    backend.expectOne('/api/quality-profiles').flush([profile('lossless-preferred', 'Lossless preferred', true), profile(uuid, 'Car MP3s', false)]);
    backend.expectOne('/api/downloads/d2').flush({ ...waiting, profile: uuid, attempts: [] } satisfies DownloadDetail);
    await stable();
    expect(text('download-detail-profile')).toBe('Car MP3s');
    expect(text('download-detail')).not.toContain(uuid);

    byTestId('download-detail-close')?.click();
    await stable();
    byTestId('open-d3')?.click();
    backend.expectNone('/api/quality-profiles');
    backend.expectOne('/api/downloads/d3').flush({ ...failed, attempts: [] } satisfies DownloadDetail);
    await stable();
    expect(text('download-detail-profile')).toBe('Lossless preferred');
  });

  it('falls back to the profile id when the profiles cannot be loaded, and tries again on the next drawer', async () => {
    await create();
    byTestId('open-d3')?.click();
    backend.expectOne('/api/quality-profiles').flush({ statusCode: 503, message: 'Database unavailable', correlationId: 'c' }, { status: 503, statusText: 'Unavailable' });
    backend.expectOne('/api/downloads/d3').flush({ ...failed, attempts: [] } satisfies DownloadDetail);
    await stable();
    expect(text('download-detail-profile')).toBe('lossless-preferred');

    byTestId('download-detail-close')?.click();
    await stable();
    byTestId('open-d3')?.click();
    backend.expectOne('/api/quality-profiles').flush([profile('lossless-preferred', 'Lossless preferred', true)]);
    backend.expectOne('/api/downloads/d3').flush({ ...failed, attempts: [] } satisfies DownloadDetail);
    await stable();
    expect(text('download-detail-profile')).toBe('Lossless preferred');
  });

  it('shows a hint instead of the circuit when slskd is not configured', async () => {
    fixture = TestBed.createComponent(DownloadsPage);
    root = fixture.nativeElement as HTMLElement;
    await stable();
    backend.expectOne('/api/downloads/status').flush(queueStatus({ slskd: { circuit: 'unconfigured', retryAt: null, lastError: null } }));
    listRequest().flush(pageOf([]));
    await stable();
    expect(text('circuit-banner')).toContain('slskd is not connected yet');
    expect(text('downloads-empty')).toContain('Nothing queued yet');
  });

  describe('blocklist tab', () => {
    const entry: BlocklistEntry = {
      id: 'b1', kind: 'user', username: 'decoy', filename: null, reason: '3 failed attempts in a row', source: 'auto', expiresAt: '2026-01-08T10:00:00Z', createdAt: '2026-01-01T10:00:00Z',
    };

    async function openTab(): Promise<void> {
      await create({ tab: 'blocklist' }, pageOf([]));
      backend.expectOne((r) => r.url === '/api/blocklist' && r.method === 'GET').flush({ items: [entry], total: 1, page: 1, pageSize: 25 });
      await stable();
    }
    const type = (id: string, value: string) => {
      const el = byTestId(id) as HTMLInputElement | HTMLSelectElement;
      el.value = value;
      el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input'));
    };

    it('lists entries with source and expiry, and unblocks one', async () => {
      await openTab();
      expect(byTestId('tab-blocklist')?.getAttribute('aria-selected')).toBe('true');
      expect(text('blocklist-row-b1')).toContain('decoy');
      expect(text('blocklist-row-b1')).toContain('automatic');
      expect(text('blocklist-row-b1')).toContain('3 failed attempts in a row');
      jest.spyOn(window, 'confirm').mockReturnValue(true);
      byTestId('blocklist-remove-b1')?.click();
      const del = backend.expectOne('/api/blocklist/b1');
      expect(del.request.method).toBe('DELETE');
      del.flush(null, { status: 204, statusText: 'No Content' });
      backend.expectOne((r) => r.url === '/api/blocklist').flush({ items: [], total: 0, page: 1, pageSize: 25 });
      await stable();
      expect(text('blocklist-empty')).toBe('Nothing is blocked.');
    });

    it('says so when the blocklist cannot be loaded instead of showing it empty', async () => {
      await create({ tab: 'blocklist' }, pageOf([]));
      backend.expectOne((r) => r.url === '/api/blocklist').flush({ statusCode: 503, message: 'Database unavailable', correlationId: 'c' }, { status: 503, statusText: 'Unavailable' });
      await stable();
      expect(text('blocklist-load-error')).toBe('The blocklist could not be loaded: Database unavailable');
      expect(byTestId('blocklist-empty')).toBeNull();
    });

    it('validates the form per kind and adds an expiring user+file entry', async () => {
      await openTab();
      byTestId('blocklist-submit')?.click();
      await stable();
      expect(root.querySelector('#bl-user-error')?.hasAttribute('hidden')).toBe(false);
      backend.expectNone((r) => r.method === 'POST');

      type('blocklist-kind', 'user_file');
      await stable();
      type('blocklist-username', 'decoy');
      type('blocklist-days', '0');
      byTestId('blocklist-submit')?.click();
      await stable();
      expect(root.querySelector('#bl-file-error')?.hasAttribute('hidden')).toBe(false);
      expect(root.querySelector('#bl-days-error')?.hasAttribute('hidden')).toBe(false);
      backend.expectNone((r) => r.method === 'POST');

      type('blocklist-filename', '@@d\\Lantern (Live).mp3');
      type('blocklist-days', '30');
      type('blocklist-reason', 'live version labelled as studio');
      byTestId('blocklist-submit')?.click();
      const post = backend.expectOne((r) => r.method === 'POST' && r.url === '/api/blocklist');
      expect(post.request.body).toEqual({ kind: 'user_file', username: 'decoy', filename: '@@d\\Lantern (Live).mp3', reason: 'live version labelled as studio', expiresInDays: 30 });
      post.flush({ ...entry, id: 'b2', kind: 'user_file', filename: '@@d\\Lantern (Live).mp3', source: 'manual' });
      backend.expectOne((r) => r.url === '/api/blocklist').flush({ items: [entry], total: 1, page: 1, pageSize: 25 });
      await stable();
      expect(toasts()).toContain('Blocked @@d\\Lantern (Live).mp3 from decoy.');
    });
  });
});

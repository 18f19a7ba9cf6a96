import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ImportRecord, ImportSettings } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, EventStreamService } from '../../core/event-stream.service';
import { StubSource } from '../../../testing/stub-event-source';
import { LibraryPage } from './library.page';

const record = (id: string, patch: Partial<ImportRecord> = {}): ImportRecord => ({
  id,
  status: 'queued',
  sourcePath: `/downloads/${id}.flac`,
  hints: {},
  wantedTrackId: null,
  downloadId: null,
  steps: [],
  resultPath: null,
  error: null,
  attempts: 0,
  createdAt: '2026-11-23T02:00:00Z',
  startedAt: null,
  finishedAt: null,
  ...patch,
});

const settings: ImportSettings = {
  libraryPath: '/music',
  templates: { standard: '{Album Artist}/{Album Title}/{track:00} - {Track Title}', compilation: 'Various Artists/{Album Title}/{Track Title}' },
  steps: { musicbrainz: true, coverArt: true, lyrics: true, lastfmGenres: true },
  contact: 'mailto:me@example.org',
  lastfmApiKeySet: false,
  providers: { musicBrainz: 'https://musicbrainz.org', coverArtArchive: 'https://coverartarchive.org', lrclib: 'https://lrclib.net', lastfm: 'https://ws.audioscrobbler.com/2.0/', deezer: 'https://api.deezer.com' },
};

describe('LibraryPage (Import)', () => {
  let fixture: ComponentFixture<LibraryPage>;
  let backend: HttpTestingController;
  let source: StubSource;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    source = new StubSource();
    TestBed.configureTestingModule({
      imports: [LibraryPage],
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
    fixture = TestBed.createComponent(LibraryPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  async function answerInitial(items: ImportRecord[]): Promise<void> {
    backend.expectOne((req) => req.url === '/api/imports').flush({ items, total: items.length, page: 1, pageSize: 20 });
    backend.expectOne('/api/settings/import').flush(settings);
    await fixture.whenStable();
    for (const req of backend.match('/api/import/naming-preview')) {
      const template = (req.request.body as { template: string }).template;
      req.flush(template.startsWith('{Album Artist}') ? { valid: true, errors: [], path: 'Daft Punk/Random Access Memories/08 - Get Lucky.flac' } : { valid: true, errors: [], path: 'Various Artists/x/y.mp3' });
    }
    await fixture.whenStable();
  }

  it('lists imports with each step, shows a failure reason and retries it', async () => {
    const failed = record('a', { status: 'failed', error: 'Cannot read audio file (corrupt)', steps: [{ name: 'verify', status: 'failed', detail: 'corrupt', durationMs: 3 }] });
    await answerInitial([failed]);

    expect(byTestId('import-a')?.dataset['status']).toBe('failed');
    expect(byTestId('import-error-a')?.textContent).toContain('corrupt');
    expect(byTestId('import-step-a-verify')?.textContent).toContain('verify: failed');
    expect(byTestId('import-template-preview-standard')?.textContent).toContain('Daft Punk/Random Access Memories/08 - Get Lucky.flac');

    byTestId('import-retry-a')?.click();
    const retry = backend.expectOne('/api/imports/a/retry');
    expect(retry.request.method).toBe('POST');
    retry.flush(record('a', { status: 'queued' }));
    await fixture.whenStable();
    expect(byTestId('import-a')?.dataset['status']).toBe('queued');
    expect(byTestId('import-retry-a')).toBeNull();
  });

  it('follows import.updated events: steps appear and the status changes live', async () => {
    await answerInitial([record('b', { status: 'running' })]);
    source.send({
      type: 'import.updated',
      payload: record('b', { status: 'done', resultPath: '/music/Linkin Park/Meteora (2003)/07 - Faint.mp3', steps: [{ name: 'move', status: 'done', detail: 'moved (link)', durationMs: 4 }] }),
    });
    await fixture.whenStable();
    expect(byTestId('import-b')?.dataset['status']).toBe('done');
    expect(byTestId('import-b')?.textContent).toContain('07 - Faint.mp3');
    expect(byTestId('import-step-b-move')?.textContent).toContain('moved (link)');

    source.send({ type: 'import.updated', payload: record('c') });
    await fixture.whenStable();
    expect(root.querySelectorAll('[data-testid^="import-"][data-status]')[0]?.getAttribute('data-testid')).toBe('import-c');
  });

  it('queues a file by path with optional hints', async () => {
    await answerInitial([]);
    const input = byTestId('import-path') as HTMLInputElement;
    input.value = '/downloads/Faint.mp3';
    input.dispatchEvent(new Event('input'));
    const artist = byTestId('import-artist') as HTMLInputElement;
    artist.value = 'Linkin Park';
    artist.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    (byTestId('import-submit') as HTMLButtonElement).click();
    const req = backend.expectOne('/api/imports');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ path: '/downloads/Faint.mp3', hints: { artist: 'Linkin Park' } });
    req.flush(record('d'));
    await fixture.whenStable();
    expect(byTestId('import-d')?.dataset['status']).toBe('queued');
  });

  it('previews a template as it is typed and blocks saving an invalid one', async () => {
    await answerInitial([]);
    const input = byTestId('import-template-standard') as HTMLInputElement;
    input.value = '{Nope}';
    input.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 300));
    const req = backend.expectOne('/api/import/naming-preview');
    expect(req.request.body).toEqual({ template: '{Nope}' });
    req.flush({ valid: false, errors: [{ index: 0, message: 'Unknown token {Nope}' }], path: null });
    await fixture.whenStable();
    expect(byTestId('import-template-preview-standard')?.textContent).toContain('Unknown token {Nope}');
    expect((byTestId('import-settings-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves step toggles', async () => {
    await answerInitial([]);
    (byTestId('import-step-toggle-lyrics') as HTMLInputElement).click();
    await fixture.whenStable();
    (byTestId('import-settings-save') as HTMLButtonElement).click();
    const req = backend.expectOne('/api/settings/import');
    expect(req.request.method).toBe('PUT');
    expect(req.request.body.steps).toEqual({ musicbrainz: true, coverArt: true, lyrics: false, lastfmGenres: true });
    req.flush({ ...settings, steps: { ...settings.steps, lyrics: false } });
    await fixture.whenStable();
    for (const r of backend.match('/api/import/naming-preview')) r.flush({ valid: true, errors: [], path: 'x' });
    await fixture.whenStable();
    expect(byTestId('import-settings-saved')).not.toBeNull();
  });
});

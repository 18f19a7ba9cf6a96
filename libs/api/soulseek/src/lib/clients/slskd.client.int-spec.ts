import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseFile } from 'music-metadata';
import { startFakeSlskd, type FakeSlskd, type FakeSlskdCatalogue, type FakeSlskdOptions } from '@soulspot/fakes';
import type { SlskdSearchResponse as MatcherSearchResponse } from '../matcher';
import { SlskdClient, type SlskdClientOptions } from './slskd.client';
import { SlskdError } from './slskd.errors';
import { findSlskdDownloadedFile, predictSlskdDownloadPath } from './slskd-paths';
import { isInterruptedByRestart, isTransferDefinitelyFailed } from './slskd.rules';
import type { SlskdTransfer, SlskdTransferPhase } from './slskd.types';

/**
 * The client against the fake slskd over real HTTP on 127.0.0.1, with real ffmpeg-made audio files. Fake
 * timings are scaled down (tens of ms) but keep slskd's ordering and races.
 */

jest.setTimeout(30_000);

const ALBUM = '@@alice\\Music\\Test Artist\\2020 - Test Album';
const FLAC = `${ALBUM}\\01 - First Song.flac`;
const MP3 = `${ALBUM}\\02 - Second Song.mp3`;
const OGG = `${ALBUM}\\03 - Third Song.ogg`;
const OPUS = `${ALBUM}\\04 - Fourth Song.opus`;
const M4A = `${ALBUM}\\05 - Fifth Song.m4a`;
const TRUNCATED = '@@alice\\Singles\\Test Artist - Broken Upload.mp3';
const BOB_FILE = 'C:\\Music\\Test Artist - Test Album\\First Song.mp3';

const catalogue = (): FakeSlskdCatalogue => ({
  peers: [
    {
      username: 'alice',
      uploadSpeed: 5_000_000,
      queueLength: 0,
      hasFreeUploadSlot: true,
      responseDelayMs: 20,
      files: [
        { path: FLAC, size: 1_000_000, length: 3, sampleRate: 44100, bitDepth: 16 },
        { path: MP3, size: 80_000, length: 2, bitRate: 320, isVariableBitRate: false },
        { path: OGG, size: 60_000, length: 2, bitRate: 192 },
        { path: OPUS, size: 40_000, length: 2, bitRate: 128 },
        { path: M4A, size: 50_000, length: 2, bitRate: 256 },
        { path: TRUNCATED, size: 240_000, length: 6, actualDurationSeconds: 2, bitRate: 320 },
        { path: `${ALBUM}\\cover.jpg`, size: 1234 },
        { path: '@@alice\\Private\\Test Artist\\Secret Song.flac', size: 5000, length: 3, locked: true },
      ],
    },
    {
      username: 'bob',
      uploadSpeed: 200_000,
      queueLength: 2,
      hasFreeUploadSlot: false,
      responseDelayMs: 60,
      reportsExtension: false,
      reportedAttributes: [],
      files: [{ path: BOB_FILE, size: 70_000, length: 2, bitRate: 256 }],
    },
    {
      username: 'carol',
      uploadSpeed: 1_000_000,
      queueLength: 0,
      hasFreeUploadSlot: true,
      online: false,
      files: [{ path: '@@carol\\Test Artist\\First Song.flac', size: 900_000, length: 3 }],
    },
    {
      username: 'late larry',
      uploadSpeed: 1_000_000,
      queueLength: 0,
      hasFreeUploadSlot: true,
      responseDelayMs: 700,
      files: [{ path: '@@larry\\Test Artist\\First Song (Live).mp3', size: 90_000, length: 4 }],
    },
  ],
});

const FAST: FakeSlskdOptions['timing'] = {
  searchResponseDelayMs: [20, 80],
  searchPostLatencyMs: 40,
  searchFinalizeDelayMs: 40,
  searchCountIntervalMs: 50,
  enqueueLatencyMs: 10,
  transferStepMs: 30,
  remoteQueueStepMs: 150,
  progressIntervalMs: 40,
  maxTransferMs: 300,
  fileMoveDelayMs: 40,
  enqueueAckTimeoutMs: 300,
  cancelDelayMs: 20,
  retryBackoffMs: 150,
};

const fakes: FakeSlskd[] = [];
const dirs: string[] = [];

async function startFake(options: FakeSlskdOptions = {}): Promise<FakeSlskd> {
  const downloadsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slskd-client-int-'));
  dirs.push(downloadsDir);
  const fake = await startFakeSlskd({ catalogue: catalogue(), timing: FAST, downloadsDir, ...options });
  fakes.push(fake);
  return fake;
}

const clientFor = (fake: FakeSlskd, over: Partial<SlskdClientOptions> = {}) =>
  new SlskdClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5000, rateLimitBackoffMs: 50, ...over });

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
});

async function expectSlskdError(promise: Promise<unknown>, code: string): Promise<SlskdError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SlskdError);
    expect((error as SlskdError).code).toBe(code);
    return error as SlskdError;
  }
  throw new Error(`expected SlskdError ${code}, but the call succeeded`);
}

/** Polls a transfer until `done` holds, recording every phase seen on the way. */
async function pollTransfer(
  client: SlskdClient,
  transfer: { username: string; id: string },
  done: (t: SlskdTransfer) => boolean,
  timeoutMs = 10_000,
): Promise<{ final: SlskdTransfer; phases: SlskdTransferPhase[]; history: SlskdTransfer[] }> {
  const phases: SlskdTransferPhase[] = [];
  const history: SlskdTransfer[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await client.getDownload(transfer.username, transfer.id);
    history.push(t);
    if (phases[phases.length - 1] !== t.phase) phases.push(t.phase);
    if (done(t)) return { final: t, phases, history };
    if (Date.now() > deadline) throw new Error(`transfer stuck in ${t.rawState}; phases ${phases.join(' → ')}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function waitForFile(downloadsDir: string, remote: string, notBefore?: Date, destination?: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const found = await findSlskdDownloadedFile(downloadsDir, remote, { notBefore, destination });
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`file for ${remote} never appeared`);
}

describe('authentication and connection', () => {
  let fake: FakeSlskd;
  beforeAll(async () => {
    fake = await startFake({ urlBase: '/slskd', soulseekUsername: 'soulspot-user' });
  });

  it('reports version, login state and user through url_base', async () => {
    expect(fake.url.endsWith('/slskd')).toBe(true);
    const info = await clientFor(fake).testConnection();
    expect(info).toEqual({ version: '0.26.0', loggedIn: true, username: 'soulspot-user', state: 'Connected, LoggedIn' });
  });

  it('fails with a non-retryable unauthorized error on a wrong API key', async () => {
    const error = await expectSlskdError(clientFor(fake, { apiKey: 'wrong-key-wrong-key' }).testConnection(), 'unauthorized');
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('wrong-key');
  });

  it('logs in with a JWT when configured with web credentials, and rejects bad ones', async () => {
    const jwtClient = clientFor(fake, { apiKey: undefined, username: 'slskd', password: 'slskd' });
    expect((await jwtClient.testConnection()).loggedIn).toBe(true);
    await expectSlskdError(
      clientFor(fake, { apiKey: undefined, username: 'slskd', password: 'nope' }).testConnection(),
      'unauthorized',
    );
  });

  it('shows a logged-out slskd and refuses searches with conflict', async () => {
    fake.control.setLoggedIn(false);
    try {
      const client = clientFor(fake);
      expect((await client.testConnection()).loggedIn).toBe(false);
      await expectSlskdError(client.startSearch('test artist'), 'conflict');
    } finally {
      fake.control.setLoggedIn(true);
    }
  });
});

describe('search lifecycle', () => {
  let fake: FakeSlskd;
  let client: SlskdClient;
  beforeAll(async () => {
    fake = await startFake();
    client = clientFor(fake);
  });

  it('returns responses only once the search is finalised, matching every query word', async () => {
    const started = await client.startSearch('test artist first song', { searchTimeoutMs: 1000, responseLimit: 100 });
    expect(started.isComplete).toBe(false);
    expect(started.endedAt).toBeUndefined();
    await expectSlskdError(client.getSearchResponses(started.id), 'search_not_finished');

    const done = await client.waitForSearch(started.id, { pollIntervalMs: 25 });
    expect(done.endedAt).toBeInstanceOf(Date);
    expect(done.state.has('Completed')).toBe(true);
    expect(done.state.has('TimedOut')).toBe(true);

    const responses = await client.getSearchResponses(started.id);
    const byUser = Object.fromEntries(responses.map((r) => [r.username, r]));
    expect(Object.keys(byUser).sort()).toEqual(['alice', 'bob', 'late larry']);
    expect(byUser['alice'].files.map((f) => f.filename)).toEqual([FLAC]);
    expect(byUser['alice'].files[0]).toMatchObject({ extension: 'flac', length: 3, sampleRate: 44100, bitDepth: 16 });
    // bob's client sends no extension and no attributes: the extension comes from the path.
    expect(byUser['bob'].files[0]).toMatchObject({ filename: BOB_FILE, extension: 'mp3', length: undefined });
    expect(byUser['bob']).toMatchObject({ hasFreeUploadSlot: false, queueLength: 2 });
    expect(done.responseCount).toBe(3);
    // The client's results feed the matcher directly.
    const forMatcher: MatcherSearchResponse[] = responses;
    expect(forMatcher).toHaveLength(3);
  });

  it('honours searchTimeout in milliseconds as an idle timeout', async () => {
    const quick = await client.startSearch('test artist first song', { searchTimeoutMs: 250 });
    await client.waitForSearch(quick.id, { pollIntervalMs: 25 });
    const users = (await client.getSearchResponses(quick.id)).map((r) => r.username);
    // alice (20 ms) and bob (60 ms) answer inside the window; larry (700 ms) comes after the idle timeout.
    expect(users.sort()).toEqual(['alice', 'bob']);
  });

  it('puts locked files apart and never returns offline peers', async () => {
    const s = await client.startSearch('test artist song', { searchTimeoutMs: 200 });
    await client.waitForSearch(s.id, { pollIntervalMs: 25 });
    const alice = (await client.getSearchResponses(s.id)).find((r) => r.username === 'alice');
    expect(alice?.lockedFiles.map((f) => f.filename)).toEqual(['@@alice\\Private\\Test Artist\\Secret Song.flac']);
    expect(alice?.files.some((f) => f.filename.includes('Secret'))).toBe(false);
    expect((await client.getSearchResponses(s.id)).some((r) => r.username === 'carol')).toBe(false);
  });

  it('applies response filters and limits', async () => {
    const filtered = await client.startSearch('test artist first song', { searchTimeoutMs: 250, maximumPeerQueueLength: 2 });
    await client.waitForSearch(filtered.id, { pollIntervalMs: 25 });
    expect((await client.getSearchResponses(filtered.id)).map((r) => r.username)).toEqual(['alice']);

    const fastPeers = await client.startSearch('test artist first song', { searchTimeoutMs: 250, minimumPeerUploadSpeed: 1_000_000 });
    await client.waitForSearch(fastPeers.id, { pollIntervalMs: 25 });
    expect((await client.getSearchResponses(fastPeers.id)).map((r) => r.username)).toEqual(['alice']);

    const limited = await client.startSearch('test artist', { searchTimeoutMs: 2000, responseLimit: 1 });
    const done = await client.waitForSearch(limited.id, { pollIntervalMs: 25 });
    expect(done.state.has('ResponseLimitReached')).toBe(true);
    expect(await client.getSearchResponses(limited.id)).toHaveLength(1);
  });

  it('cancels a running search and keeps what already arrived; delete removes it', async () => {
    const s = await client.startSearch('test artist first song', { searchTimeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 150));
    await client.cancelSearch(s.id);
    const done = await client.waitForSearch(s.id, { pollIntervalMs: 25 });
    expect(done.state.has('Cancelled')).toBe(true);
    expect((await client.getSearchResponses(s.id)).map((r) => r.username).sort()).toEqual(['alice', 'bob']);
    expect(await client.deleteSearch(s.id)).toBe(true);
    await expectSlskdError(client.getSearch(s.id), 'not_found');
    expect(await client.deleteSearch(s.id)).toBe(false);
  });

  it('gets 429 on a concurrent POST /searches, and retries past it by default', async () => {
    const noRetry = clientFor(fake, { rateLimitRetries: 0 });
    const quick = { searchTimeoutMs: 100 };
    const results = await Promise.allSettled([noRetry.startSearch('test artist', quick), noRetry.startSearch('test album', quick)]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const error = rejected[0].reason as SlskdError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThan(0);

    const both = await Promise.all([client.startSearch('test artist', quick), client.startSearch('test album', quick)]);
    expect(new Set(both.map((s) => s.id)).size).toBe(2);
    await Promise.all(both.map((s) => client.waitForSearch(s.id, { pollIntervalMs: 25 })));
  });

  it('queues a third concurrent network search', async () => {
    const ids = [];
    for (const q of ['first song', 'second song', 'third song']) {
      ids.push((await client.startSearch(`test artist ${q}`, { searchTimeoutMs: 500 })).id);
    }
    const third = await client.getSearch(ids[2]);
    expect(third.rawState).toBe('Queued');
    const done = await client.waitForSearch(ids[2], { pollIntervalMs: 25 });
    expect(done.endedAt).toBeDefined();
  });

  it('rejects a query of only one-letter words with bad_request', async () => {
    await expectSlskdError(client.startSearch('a b c'), 'bad_request');
  });
});

describe('enqueue reply shapes by slskd version', () => {
  it.each(['0.24.5', '0.25.1', '0.26.0'])('normalises the %s reply, including skipped duplicates', async (version) => {
    const fake = await startFake({ version, timing: { ...FAST, transferStepMs: 400 } });
    const client = clientFor(fake);
    const first = await client.enqueueDownloads('alice', [{ filename: MP3, size: 80_000 }]);
    expect(first.enqueued).toHaveLength(1);
    expect(first.enqueued[0]).toMatchObject({ username: 'alice', filename: MP3, size: 80_000, phase: 'queued_locally' });
    expect(first.failed).toEqual([]);

    const again = await client.enqueueDownloads('alice', [
      { filename: MP3, size: 80_000 },
      { filename: FLAC, size: 1_000_000 },
    ]);
    expect(again.enqueued.map((t) => t.filename)).toEqual([FLAC]);
    expect(again.failed).toHaveLength(1);
    // 0.24–0.25 name the skipped file; 0.26 sends `{}` per failure.
    expect(again.failed[0].filename).toBe(version === '0.26.0' ? undefined : MP3);
  });

  it('finds the new transfers by listing on versions that reply with an empty body', async () => {
    const fake = await startFake({ version: '0.23.2' });
    const client = clientFor(fake);
    const result = await client.enqueueDownloads('alice', [{ filename: OGG, size: 60_000 }]);
    expect(result.enqueued).toHaveLength(1);
    expect(result.enqueued[0].filename).toBe(OGG);
    const { final } = await pollTransfer(client, result.enqueued[0], (t) => t.isCompleted);
    expect(final.isSucceeded).toBe(true);
  });

  it('encodes user names with spaces in every path', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const remote = '@@larry\\Test Artist\\First Song (Live).mp3';
    const { enqueued } = await client.enqueueDownloads('late larry', [{ filename: remote, size: 90_000 }]);
    expect(enqueued[0].username).toBe('late larry');
    expect((await client.getUserDownloads('late larry')).map((t) => t.id)).toEqual([enqueued[0].id]);
    expect((await client.browseDirectory('late larry', '@@larry\\Test Artist'))[0].files[0].filename).toBe(remote);
  });

  it('enqueues a 0.26 batch into a chosen destination folder', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const result = await client.enqueueBatch('alice', [{ filename: MP3, size: 80_000 }], { destination: 'Test Artist/Test Album' });
    expect(result.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.enqueued[0].batchId).toBe(result.batchId);
    await pollTransfer(client, result.enqueued[0], (t) => t.isCompleted);
    const expected = predictSlskdDownloadPath(fake.downloadsDir, MP3, { destination: 'Test Artist/Test Album' });
    expect(await waitForFile(fake.downloadsDir, MP3, undefined, 'Test Artist/Test Album')).toBe(expected);
    // Not in the default <parent dir> layout.
    expect(await findSlskdDownloadedFile(fake.downloadsDir, MP3)).toBeUndefined();
  });
});

describe('downloads land as real audio files', () => {
  let fake: FakeSlskd;
  let client: SlskdClient;
  beforeAll(async () => {
    fake = await startFake();
    client = clientFor(fake);
  });

  it.each([
    [FLAC, 1_000_000, /flac/i, 3],
    [MP3, 80_000, /mpeg/i, 2],
    [OGG, 60_000, /vorbis/i, 2],
    [OPUS, 40_000, /opus/i, 2],
    [M4A, 50_000, /aac/i, 2],
  ])('%s goes through the states and is readable with the right codec and duration', async (remote, size, codec, seconds) => {
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: remote, size }]);
    const { final, phases, history } = await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    expect(final.phase).toBe('succeeded');
    expect(phases).toContain('in_progress');
    expect(phases.indexOf('queued_locally')).toBeLessThan(phases.indexOf('in_progress'));
    expect(final.bytesTransferred).toBe(size);
    expect(final.percentComplete).toBe(100);
    const mid = history.find((t) => t.phase === 'in_progress' && t.bytesTransferred > 0);
    // Only the 1 MB file stays in progress long enough (≈200 ms) to be caught mid-way by polling.
    if (remote === FLAC) expect(mid).toBeDefined();
    if (mid) {
      expect(mid.averageSpeed).toBeGreaterThan(0);
      expect(mid.percentComplete).toBeLessThan(100);
    }

    const local = await waitForFile(fake.downloadsDir, remote);
    expect(local).toBe(predictSlskdDownloadPath(fake.downloadsDir, remote));
    expect(path.basename(path.dirname(local))).toBe('2020 - Test Album');
    const metadata = await parseFile(local);
    expect(metadata.format.codec ?? metadata.format.container).toMatch(codec);
    expect(metadata.format.duration).toBeCloseTo(seconds, 0);

    const event = (await client.getDownloadCompleteEvents()).find((e) => e.transferId === enqueued[0].id);
    expect(event?.localFilename).toBe(local);
  });

  it('writes the truncated audio a broken upload really contains', async () => {
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: TRUNCATED, size: 240_000 }]);
    await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    const local = await waitForFile(fake.downloadsDir, TRUNCATED);
    expect(path.relative(fake.downloadsDir, local)).toBe(path.join('Singles', 'Test Artist - Broken Upload.mp3'));
    expect((await parseFile(local)).format.duration).toBeCloseTo(2, 0);
  });

  it('renames a second download of the same file with _<ticks>, under a new transfer id', async () => {
    const remote = `${ALBUM}\\02 - Second Song.mp3`;
    const firstLocal = await waitForFile(fake.downloadsDir, remote);
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: remote, size: 80_000 }]);
    await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    // Succeeded comes before the move: the DownloadFileComplete event is the authoritative path.
    let event;
    for (let i = 0; i < 100 && !event; i++) {
      event = (await client.getDownloadCompleteEvents()).find((e) => e.transferId === enqueued[0].id);
      if (!event) await new Promise((r) => setTimeout(r, 20));
    }
    expect(event).toBeDefined();
    const second = event?.localFilename ?? '';
    expect(second).not.toBe(firstLocal);
    expect(path.dirname(second)).toBe(path.dirname(firstLocal));
    expect(path.basename(second)).toMatch(/^02 - Second Song_\d{18}\.mp3$/);
    expect((await parseFile(second)).format.duration).toBeCloseTo(2, 0);
    expect(await findSlskdDownloadedFile(fake.downloadsDir, remote)).toBe(second);
    // The first transfer record was superseded.
    const all = await client.getDownloads({ includeRemoved: true });
    expect(all.filter((t) => t.filename === remote && t.removed).length).toBeGreaterThanOrEqual(1);
  });

  it('waits in the remote queue of a busy peer with a real queue position', async () => {
    const { enqueued } = await client.enqueueDownloads('bob', [{ filename: BOB_FILE, size: 70_000 }]);
    const queued = await pollTransfer(client, enqueued[0], (t) => t.phase === 'queued_remotely');
    expect(queued.final.enqueuedAt).toBeInstanceOf(Date);
    const position = await client.getQueuePosition('bob', enqueued[0].id);
    expect(position).toBeGreaterThanOrEqual(1);
    expect((await client.getDownload('bob', enqueued[0].id)).placeInQueue).toBe(position);
    await new Promise((r) => setTimeout(r, 200));
    const later = await client.getQueuePosition('bob', enqueued[0].id);
    expect(later).toBeLessThan(position);
    const { final } = await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    expect(final.isSucceeded).toBe(true);
  });

  it('lists a remote folder with full, enqueue-ready paths', async () => {
    const dirsFound = await client.browseDirectory('alice', ALBUM);
    expect(dirsFound).toHaveLength(1);
    const names = dirsFound[0].files.map((f) => f.filename);
    expect(names).toContain(FLAC);
    expect(names).toContain(`${ALBUM}\\cover.jpg`);
    expect(dirsFound[0].files.find((f) => f.filename === FLAC)).toMatchObject({ name: '01 - First Song.flac', length: 3 });
  });
});

describe('injected faults', () => {
  let fake: FakeSlskd;
  let client: SlskdClient;
  beforeAll(async () => {
    fake = await startFake();
    client = clientFor(fake);
  });
  afterEach(() => fake.control.clearTransferFaults());

  it('maps an offline peer to user_offline on enqueue, batch and browse', async () => {
    expect((await client.getUserStatus('carol')).presence).toBe('Offline');
    expect((await client.getUserStatus('alice')).presence).toBe('Online');
    await expectSlskdError(client.enqueueDownloads('carol', [{ filename: '@@carol\\Test Artist\\First Song.flac', size: 900_000 }]), 'user_offline');
    await expectSlskdError(client.enqueueBatch('carol', [{ filename: '@@carol\\Test Artist\\First Song.flac', size: 900_000 }]), 'user_offline');
    await expectSlskdError(client.browseDirectory('carol', '@@carol\\Test Artist'), 'user_offline');
    fake.control.setUserOnline('alice', false);
    try {
      const error = await expectSlskdError(client.enqueueDownloads('alice', [{ filename: FLAC, size: 1_000_000 }]), 'user_offline');
      expect(error.retryable).toBe(false);
    } finally {
      fake.control.setUserOnline('alice', true);
    }
  });

  it('reports a rejection as a hard failure with the peer message', async () => {
    fake.control.setTransferFault({ username: 'alice', filename: '03 - Third', times: 1 }, { kind: 'reject', message: 'Too many files' });
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: OGG, size: 60_000 }]);
    const { final } = await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    expect(final.phase).toBe('rejected');
    expect(final.isHardFailure).toBe(true);
    expect(final.exception).toContain('Too many files');
    expect(isTransferDefinitelyFailed(final, { retryAttempts: 3 })).toBe(true);
  });

  it('rejects a file the peer does not share and aborts on a wrong size', async () => {
    const missing = await client.enqueueDownloads('alice', [{ filename: `${ALBUM}\\99 - Nope.flac`, size: 1 }]);
    expect((await pollTransfer(client, missing.enqueued[0], (t) => t.isCompleted)).final.phase).toBe('rejected');
    const wrongSize = await client.enqueueDownloads('alice', [{ filename: OPUS, size: 12345 }]);
    expect((await pollTransfer(client, wrongSize.enqueued[0], (t) => t.isCompleted)).final.phase).toBe('aborted');
  });

  it('times out an enqueue the peer never acknowledges', async () => {
    fake.control.setTransferFault({ filename: '04 - Fourth', times: 1 }, { kind: 'enqueueTimeout' });
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: OPUS, size: 40_000 }]);
    const { final, phases } = await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    expect(phases).toContain('requested');
    expect(final.phase).toBe('timed_out');
  });

  it('shows a stalled transfer without byte progress until it is cancelled and removed', async () => {
    fake.control.setTransferFault({ filename: '01 - First', times: 1 }, { kind: 'stall', atPercent: 40 });
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: FLAC, size: 1_000_000 }]);
    const stalled = await pollTransfer(client, enqueued[0], (t) => t.phase === 'in_progress' && t.percentComplete >= 40);
    await new Promise((r) => setTimeout(r, 250));
    const still = await client.getDownload('alice', enqueued[0].id);
    expect(still.phase).toBe('in_progress');
    expect(still.bytesTransferred).toBe(stalled.final.bytesTransferred);

    await client.cancelDownload('alice', enqueued[0].id);
    const { final } = await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    expect(final.phase).toBe('cancelled');
    await client.cancelDownload('alice', enqueued[0].id, { remove: true });
    expect((await client.getDownloads()).some((t) => t.id === enqueued[0].id)).toBe(false);
    expect((await client.getDownload('alice', enqueued[0].id)).removed).toBe(true);
    // Unknown ids are fine to cancel (204 on 0.24.2+).
    await client.cancelDownload('alice', '00000000-0000-4000-8000-000000000000', { remove: true });
  });

  it('recovers from a transient error through 0.26 retries, and gives up on a final one', async () => {
    fake.control.setTransferFault({ filename: '05 - Fifth', times: 1 }, { kind: 'error', atPercent: 30 });
    const retried = await client.enqueueDownloads('alice', [{ filename: M4A, size: 50_000 }]);
    const run = await pollTransfer(client, retried.enqueued[0], (t) => t.isSucceeded);
    expect(run.phases).toContain('errored');
    expect(run.phases.lastIndexOf('queued_locally')).toBeGreaterThan(run.phases.indexOf('errored'));
    expect(run.final.attempts).toBe(2);
    const erroredSnapshot = run.history.find((t) => t.phase === 'errored');
    expect(erroredSnapshot && isTransferDefinitelyFailed(erroredSnapshot, { retryAttempts: 3 })).toBe(false);

    fake.control.setTransferFault({ filename: '05 - Fifth', times: 1 }, { kind: 'error', atPercent: 30, final: true });
    const dead = await client.enqueueDownloads('alice', [{ filename: M4A, size: 50_000 }]);
    const { final } = await pollTransfer(client, dead.enqueued[0], (t) => t.isCompleted);
    expect(final.phase).toBe('errored');
    await new Promise((r) => setTimeout(r, 300));
    expect((await client.getDownload('alice', dead.enqueued[0].id)).phase).toBe('errored');
  });

  it('errors out without retries on 0.25', async () => {
    const old = await startFake({ version: '0.25.1' });
    old.control.setTransferFault({ filename: '05 - Fifth' }, { kind: 'error', atPercent: 30 });
    const oldClient = clientFor(old);
    const { enqueued } = await oldClient.enqueueDownloads('alice', [{ filename: M4A, size: 50_000 }]);
    const { final } = await pollTransfer(oldClient, enqueued[0], (t) => t.isCompleted);
    expect(final.phase).toBe('errored');
    expect(isTransferDefinitelyFailed(final, { retryAttempts: (await oldClient.getOptions()).retryAttempts })).toBe(true);
  });

  it('turns 5xx into retryable server_error and slow replies into timeout', async () => {
    fake.control.failRequests({ pathPrefix: '/api/v0/transfers', status: 503, times: 1 });
    const error = await expectSlskdError(client.getDownloads(), 'server_error');
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(Array.isArray(await client.getDownloads())).toBe(true);

    fake.control.setResponseDelay(400, '/api/v0/server');
    try {
      const impatient = clientFor(fake, { timeoutMs: 100 });
      const slow = await expectSlskdError(impatient.getServerState(), 'timeout');
      expect(slow.retryable).toBe(true);
    } finally {
      fake.control.setResponseDelay(0, '/api/v0/server');
    }
  });

  it('reports connection refused as unreachable while slskd is down, and works again once it is back', async () => {
    await fake.control.down();
    const error = await expectSlskdError(client.getServerState(), 'unreachable');
    expect(error.retryable).toBe(true);
    await fake.control.up();
    expect((await client.getServerState()).isLoggedIn).toBe(true);
  });
});

describe('slskd restart', () => {
  it('errors interrupted downloads and re-enqueues them under new ids; JWT clients log in again', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const jwtClient = clientFor(fake, { apiKey: undefined, username: 'slskd', password: 'slskd' });
    await jwtClient.testConnection();
    fake.control.setTransferFault({ filename: '01 - First', times: 1 }, { kind: 'stall', atPercent: 50 });
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: FLAC, size: 1_000_000 }]);
    const oldId = enqueued[0].id;
    await pollTransfer(client, enqueued[0], (t) => t.phase === 'in_progress');

    await fake.control.restart({ downtimeMs: 100 });

    const old = await client.getDownload('alice', oldId);
    expect(old.phase).toBe('errored');
    expect(isInterruptedByRestart(old)).toBe(true);
    expect(old.removed).toBe(true);

    let replacement: SlskdTransfer | undefined;
    for (let i = 0; i < 100 && !replacement; i++) {
      replacement = (await client.getUserDownloads('alice')).find((t) => t.filename === FLAC && !t.removed);
      if (!replacement) await new Promise((r) => setTimeout(r, 20));
    }
    expect(replacement).toBeDefined();
    expect(replacement?.id).not.toBe(oldId);
    const { final } = await pollTransfer(client, replacement as SlskdTransfer, (t) => t.isCompleted);
    expect(final.isSucceeded).toBe(true);
    expect(await waitForFile(fake.downloadsDir, FLAC)).toBe(predictSlskdDownloadPath(fake.downloadsDir, FLAC));

    // The old JWT was signed with the previous key; the client logs in again transparently.
    expect((await jwtClient.testConnection()).loggedIn).toBe(true);
  });

  it('forgets every old id when slskd comes back with a wiped database', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: MP3, size: 80_000 }]);
    await pollTransfer(client, enqueued[0], (t) => t.isCompleted);
    await fake.control.restart({ forgetHistory: true });
    await expectSlskdError(client.getDownload('alice', enqueued[0].id), 'not_found');
    expect(await client.getDownloads()).toEqual([]);
  });
});

describe('older slskd replies', () => {
  it('accepts the single-object /directory reply of versions before 0.22.3', async () => {
    const fake = await startFake({ version: '0.22.2' });
    const dirsFound = await clientFor(fake).browseDirectory('alice', ALBUM);
    expect(dirsFound).toHaveLength(1);
    expect(dirsFound[0].files.map((f) => f.filename)).toContain(MP3);
  });

  it('treats removing an unknown transfer on ≤0.24.1 (404) as done, and an active one as conflict', async () => {
    const fake = await startFake({ version: '0.24.0', timing: { ...FAST, transferStepMs: 300 } });
    const client = clientFor(fake);
    await client.cancelDownload('alice', '00000000-0000-4000-8000-000000000000', { remove: true });
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: MP3, size: 80_000 }]);
    await expectSlskdError(client.cancelDownload('alice', enqueued[0].id, { remove: true }), 'conflict');
  });
});

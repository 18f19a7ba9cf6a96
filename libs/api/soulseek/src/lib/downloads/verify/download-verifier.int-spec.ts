import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeSlskd, type FakeSlskd, type FakeSlskdCatalogue, type FakeSlskdOptions } from '@soulspot/fakes';
import { SlskdClient } from '../../clients/slskd.client';
import { predictSlskdDownloadPath } from '../../clients/slskd-paths';
import type { SlskdTransfer } from '../../clients/slskd.types';
import { verifyDownload, VERIFY_RETRY_AFTER_MS, type VerifyEnvironment } from './download-verifier';
import type { CompleteEventSource } from './locate';
import type { VerifyInput, VerifyResult } from './verify.types';

/**
 * Verification against real files made by ffmpeg, real folders, real symlinks and the fake slskd over
 * HTTP (its DownloadFileComplete events, `_<ticks>` renames and the "Succeeded before moved" race).
 */
jest.setTimeout(60_000);

const run = (cmd: string, args: string[]) =>
  new Promise<void>((resolve, reject) => execFile(cmd, args, { timeout: 60_000 }, (e, _o, stderr) => (e ? reject(new Error(`${cmd}: ${stderr || e.message}`)) : resolve())));

const ENCODE = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
  flac: ['-c:a', 'flac', '-compression_level', '0', '-f', 'flac'],
  m4a: ['-c:a', 'aac', '-b:a', '96k', '-f', 'ipod'],
  alac: ['-c:a', 'alac', '-f', 'ipod'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '0', '-f', 'ogg'],
  opus: ['-c:a', 'libopus', '-b:a', '48k', '-f', 'opus'],
  aac: ['-c:a', 'aac', '-b:a', '96k', '-f', 'adts'],
  wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
  aiff: ['-c:a', 'pcm_s16be', '-f', 'aiff'],
} as const;

/** A real tone of `seconds` in `format`, written to `target` (whatever its extension). */
async function makeAudio(target: string, format: keyof typeof ENCODE, seconds: number): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-ac', '1', ...ENCODE[format], target]);
}

let tmp: string;
const ALBUM = '@@alice\\Music\\Test Artist\\2020 - Test Album';
const FLAC = `${ALBUM}\\01 - First Song.flac`;
const MP3 = `${ALBUM}\\02 - Second Song.mp3`;
const TRUNCATED = '@@alice\\Singles\\Test Artist - Broken Upload.mp3';

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
        { path: TRUNCATED, size: 2_400_000, length: 60, actualDurationSeconds: 20, bitRate: 320 },
      ],
    },
  ],
});

const FAST: FakeSlskdOptions['timing'] = {
  enqueueLatencyMs: 10,
  transferStepMs: 20,
  progressIntervalMs: 30,
  maxTransferMs: 200,
  fileMoveDelayMs: 300,
  cancelDelayMs: 20,
};

function input(over: Partial<VerifyInput> = {}): VerifyInput {
  return {
    downloadId: randomUUID(),
    attemptId: randomUUID(),
    username: 'alice',
    remoteFilename: FLAC,
    size: 0,
    transferId: null,
    requestedAt: new Date(Date.now() - 60_000),
    expectedDurationMs: null,
    ...over,
  };
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-int-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('verification with the fake slskd (events, folder mapping, race, renames)', () => {
  let fake: FakeSlskd;
  let client: SlskdClient;
  let env: VerifyEnvironment;
  let localView: string;

  beforeAll(async () => {
    const downloadsDir = path.join(tmp, 'slskd-side', 'downloads');
    await fs.mkdir(downloadsDir, { recursive: true });
    fake = await startFakeSlskd({ catalogue: catalogue(), timing: FAST, downloadsDir });
    client = new SlskdClient({ baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5000 });
    // SoulSpot sees slskd's folder under another path (a second container's mount): a symlinked view.
    localView = path.join(tmp, 'soulspot-side', 'slskd-downloads');
    await fs.mkdir(path.dirname(localView), { recursive: true });
    await fs.symlink(downloadsDir, localView, 'dir');
    const events: CompleteEventSource = (page) => client.getDownloadCompleteEvents(page);
    env = { folders: { remote: fake.downloadsDir, local: localView }, events, quarantineRoot: path.join(tmp, 'data', 'quarantine') };
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function download(remote: string, size: number): Promise<{ transfer: SlskdTransfer; requestedAt: Date }> {
    const requestedAt = new Date();
    const { enqueued } = await client.enqueueDownloads('alice', [{ filename: remote, size }]);
    expect(enqueued).toHaveLength(1);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const t = await client.getDownload('alice', enqueued[0].id);
      if (t.isCompleted) {
        expect(t.rawState).toBe('Completed, Succeeded');
        return { transfer: t, requestedAt };
      }
      if (Date.now() > deadline) throw new Error(`transfer stuck in ${t.rawState}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  /** Retries like the job does, recording every answer. */
  async function verifyUntilSettled(req: VerifyInput): Promise<VerifyResult[]> {
    const answers: VerifyResult[] = [];
    for (let i = 0; i < 40; i++) {
      const result = await verifyDownload(req, env);
      answers.push(result);
      if (!('retryAfterMs' in result)) return answers;
      await new Promise((r) => setTimeout(r, 100));
    }
    return answers;
  }

  it('"Succeeded before moved": asks to retry first, then verifies the file at the mapped local path', async () => {
    const { transfer, requestedAt } = await download(FLAC, 1_000_000);
    const req = input({ remoteFilename: FLAC, size: 1_000_000, transferId: transfer.id, requestedAt, expectedDurationMs: 3_000, verifyDecode: true });
    const answers = await verifyUntilSettled(req);
    expect(answers[0]).toEqual({ ok: false, retryAfterMs: VERIFY_RETRY_AFTER_MS });
    const last = answers[answers.length - 1];
    expect(last).toEqual({ ok: true, localPath: path.join(localView, '2020 - Test Album', '01 - First Song.flac'), format: 'flac', durationMs: 3_000 });
  });

  it('follows the event to the `_<ticks>` rename of a second download of the same file', async () => {
    const first = await download(MP3, 80_000);
    const firstAnswers = await verifyUntilSettled(input({ remoteFilename: MP3, size: 80_000, transferId: first.transfer.id, requestedAt: first.requestedAt, expectedDurationMs: 2_000 }));
    expect(firstAnswers[firstAnswers.length - 1]).toMatchObject({ ok: true, localPath: path.join(localView, '2020 - Test Album', '02 - Second Song.mp3') });
    const second = await download(MP3, 80_000);
    expect(second.transfer.id).not.toBe(first.transfer.id);
    const answers = await verifyUntilSettled(input({ remoteFilename: MP3, size: 80_000, transferId: second.transfer.id, requestedAt: second.requestedAt, expectedDurationMs: 2_000 }));
    const last = answers[answers.length - 1];
    expect(last.ok).toBe(true);
    if (!last.ok) return;
    expect(path.basename(last.localPath)).toMatch(/^02 - Second Song_\d{15,20}\.mp3$/);
    expect(path.dirname(last.localPath)).toBe(path.join(localView, '2020 - Test Album'));
    // Without a transfer id (a crash before it was saved) the folder lookup finds the newest rename too.
    const byFolder = await verifyDownload(input({ remoteFilename: MP3, size: 80_000, requestedAt: second.requestedAt, expectedDurationMs: 2_000 }), { ...env, events: null });
    expect(byFolder).toMatchObject({ ok: true, localPath: last.localPath });
  });

  it('quarantines the fake peer\'s truncated upload (advertised 60 s, real audio 20 s)', async () => {
    const { transfer, requestedAt } = await download(TRUNCATED, 2_400_000);
    const req = input({ remoteFilename: TRUNCATED, size: 2_400_000, transferId: transfer.id, requestedAt, expectedDurationMs: 60_000 });
    const answers = await verifyUntilSettled(req);
    const last = answers[answers.length - 1];
    if (last.ok || 'retryAfterMs' in last) throw new Error(`unexpected ${JSON.stringify(last)}`);
    expect(last.reason).toBe('verification_failed');
    expect(last.detail).toMatch(/lasts 20\.\d s but 60\.0 s was wanted/);
    expect(last.quarantinePath).toBe(path.join(env.quarantineRoot, req.downloadId, 'Test Artist - Broken Upload.mp3'));
    expect(await exists(last.quarantinePath as string)).toBe(true);
    expect(await exists(path.join(fake.downloadsDir, 'Singles', 'Test Artist - Broken Upload.mp3'))).toBe(false);
  });

  it('reports a path slskd wrote outside the mapped folder as a mapping problem at once', async () => {
    const { transfer, requestedAt } = await download(FLAC, 1_000_000);
    await new Promise((r) => setTimeout(r, 500));
    const wrongMapping: VerifyEnvironment = { ...env, folders: { remote: '/app/downloads', local: localView } };
    const result = await verifyDownload(input({ transferId: transfer.id, requestedAt, size: 1_000_000 }), wrongMapping);
    expect(result).toMatchObject({ ok: false, reason: 'file_missing', quarantinePath: null });
    if (result.ok || 'retryAfterMs' in result) return;
    expect(result.detail).toContain(fake.downloadsDir);
    expect(result.detail).toMatch(/folder mapping/);
  });
});

describe('verification of local files', () => {
  let downloads: string;
  let quarantineRoot: string;
  let env: VerifyEnvironment;

  beforeEach(async () => {
    downloads = await fs.mkdtemp(path.join(tmp, 'dl-'));
    quarantineRoot = path.join(await fs.mkdtemp(path.join(tmp, 'data-')), 'quarantine');
    env = { folders: { remote: '', local: downloads }, events: null, quarantineRoot };
  });

  const place = (remote: string) => predictSlskdDownloadPath(downloads, remote);

  it('accepts a real MP3 of the wanted length and rejects it when the length is far off', async () => {
    const target = place(MP3);
    await makeAudio(target, 'mp3', 185);
    const size = (await fs.stat(target)).size;
    expect(await verifyDownload(input({ remoteFilename: MP3, size, expectedDurationMs: 180_000, verifyDecode: true }), env)).toMatchObject({
      ok: true,
      localPath: target,
      format: 'mp3',
    });
    const far = await verifyDownload(input({ remoteFilename: MP3, size, expectedDurationMs: 200_000 }), env);
    expect(far).toMatchObject({ ok: false, reason: 'verification_failed' });
    expect(await exists(target)).toBe(false);
  });

  it.each([
    ['mp3', 'mp3', 'mp3'],
    ['flac', 'flac', 'flac'],
    ['m4a', 'm4a', 'aac'],
    ['alac', 'm4a', 'alac'],
    ['ogg', 'ogg', 'vorbis'],
    ['opus', 'opus', 'opus'],
    ['aac', 'aac', 'adts'],
    ['wav', 'wav', 'wav'],
    ['aiff', 'aiff', 'aiff'],
  ] as const)('accepts a real %s file named .%s (format %s), decoded in full', async (encoding, extension, family) => {
    const remote = `${ALBUM}\\07 - Format Test.${extension}`;
    const target = place(remote);
    await makeAudio(target, encoding, 12);
    const size = (await fs.stat(target)).size;
    expect(await verifyDownload(input({ remoteFilename: remote, size, expectedDurationMs: 12_000, verifyDecode: true }), env)).toMatchObject({
      ok: true,
      localPath: target,
      format: family,
    });
  });

  it('sees through a large embedded cover (ID3 tag bigger than the sniffed head)', async () => {
    const plain = path.join(tmp, `plain-${randomUUID()}.mp3`);
    await makeAudio(plain, 'mp3', 30);
    const cover = path.join(tmp, `cover-${randomUUID()}.png`);
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=800x800,geq=random(1)*255:128:128', '-frames:v', '1', cover]);
    expect((await fs.stat(cover)).size).toBeGreaterThan(200_000);
    const target = place(MP3);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await run('ffmpeg', ['-v', 'error', '-y', '-i', plain, '-i', cover, '-map', '0:a', '-map', '1:v', '-c', 'copy', '-id3v2_version', '3', '-disposition:v', 'attached_pic', '-f', 'mp3', target]);
    const size = (await fs.stat(target)).size;
    expect(await verifyDownload(input({ remoteFilename: MP3, size, expectedDurationMs: 30_000, verifyDecode: true }), env)).toMatchObject({ ok: true, format: 'mp3' });
  });

  it('finds a truncated MP3 whose header still says 240 s (only 30 s of bytes)', async () => {
    const full = path.join(tmp, 'full-240.mp3');
    await makeAudio(full, 'mp3', 240);
    const bytes = await fs.readFile(full);
    const target = place(MP3);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, bytes.subarray(0, Math.floor(bytes.length / 8)));
    const result = await verifyDownload(input({ remoteFilename: MP3, size: bytes.length / 8, expectedDurationMs: 240_000 }), env);
    expect(result).toMatchObject({ ok: false, reason: 'verification_failed' });
    if (result.ok || 'retryAfterMs' in result) return;
    expect(result.detail).toMatch(/truncated: the header says 240\.0 s at 128 kbps, but the file only holds about 3\d\.\d s/);
    expect(result.quarantinePath).toBe(path.join(quarantineRoot, result.quarantinePath?.split(path.sep).at(-2) ?? '', '02 - Second Song.mp3'));
  });

  it('finds a truncated FLAC by decoding it (its header cannot tell)', async () => {
    const full = path.join(tmp, 'full-240.flac');
    await makeAudio(full, 'flac', 240);
    const bytes = await fs.readFile(full);
    const target = place(FLAC);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, bytes.subarray(0, Math.floor(bytes.length / 8)));
    const req = input({ remoteFilename: FLAC, size: Math.floor(bytes.length / 8), expectedDurationMs: 240_000 });
    const headerOnly = await verifyDownload(req, env);
    // Without the decode the header's 240 s is all there is to go on.
    expect(headerOnly).toMatchObject({ ok: true, durationMs: 240_000 });
    const decoded = await verifyDownload({ ...req, verifyDecode: true }, env);
    expect(decoded).toMatchObject({ ok: false, reason: 'verification_failed' });
    if (decoded.ok || 'retryAfterMs' in decoded) return;
    expect(decoded.detail).toMatch(/does not decode cleanly|truncated/);
  });

  it('rejects MP3 bytes named .flac by their content', async () => {
    const target = place(FLAC);
    await makeAudio(target, 'mp3', 20);
    const result = await verifyDownload(input({ remoteFilename: FLAC, size: (await fs.stat(target)).size, expectedDurationMs: 20_000 }), env);
    expect(result).toMatchObject({ ok: false, reason: 'verification_failed', detail: 'the content is MP3 audio but the name says .flac' });
  });

  it('rejects random bytes, an empty file, and a FLAC damaged in the middle (decode)', async () => {
    const random = place(MP3);
    await fs.mkdir(path.dirname(random), { recursive: true });
    await fs.writeFile(random, randomBytes(300_000));
    const r1 = await verifyDownload(input({ remoteFilename: MP3, size: 300_000 }), env);
    expect(r1).toMatchObject({ ok: false, reason: 'verification_failed' });
    if (!r1.ok && 'detail' in r1) expect(r1.detail).toMatch(/not a readable audio file|no audio stream/);

    const emptyRemote = `${ALBUM}\\03 - Empty.flac`;
    await fs.writeFile(place(emptyRemote), '');
    expect(await verifyDownload(input({ remoteFilename: emptyRemote }), env)).toMatchObject({ ok: false, detail: 'the file is empty (0 bytes)' });

    const full = path.join(tmp, 'full-60.flac');
    await makeAudio(full, 'flac', 60);
    const bytes = await fs.readFile(full);
    const half = Math.floor(bytes.length / 2);
    const damaged = Buffer.concat([bytes.subarray(0, half), randomBytes(20_000), bytes.subarray(half + 20_000)]);
    await fs.writeFile(place(FLAC), damaged);
    const req = input({ remoteFilename: FLAC, size: damaged.length, expectedDurationMs: 60_000 });
    const withDecode = await verifyDownload({ ...req, verifyDecode: true }, env);
    expect(withDecode).toMatchObject({ ok: false, reason: 'verification_failed' });
    if (!withDecode.ok && 'detail' in withDecode) expect(withDecode.detail).toMatch(/^the audio does not decode cleanly: /);
  });

  it('never overwrites a quarantined file of the same name: the second goes beside it', async () => {
    const downloadId = randomUUID();
    const earlier = path.join(quarantineRoot, downloadId, '02 - Second Song.mp3');
    await fs.mkdir(path.dirname(earlier), { recursive: true });
    await fs.writeFile(earlier, 'an earlier quarantined file');
    const target = place(MP3);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, randomBytes(50_000));
    const result = await verifyDownload(input({ downloadId, remoteFilename: MP3 }), env);
    expect(result).toMatchObject({ ok: false, reason: 'verification_failed', quarantinePath: path.join(quarantineRoot, downloadId, '02 - Second Song (2).mp3') });
    expect(await fs.readFile(earlier, 'utf8')).toBe('an earlier quarantined file');
    expect((await fs.stat(path.join(quarantineRoot, downloadId, '02 - Second Song (2).mp3'))).size).toBe(50_000);
    expect(await exists(target)).toBe(false);
  });

  it('leaves a bad file in place, and says so, when the quarantine cannot be written', async () => {
    const blocker = path.join(tmp, `not-a-dir-${randomUUID()}`);
    await fs.writeFile(blocker, 'a file where the data folder should be');
    const target = place(MP3);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, randomBytes(40_000));
    const result = await verifyDownload(input({ remoteFilename: MP3 }), { ...env, quarantineRoot: path.join(blocker, 'quarantine') });
    expect(result).toMatchObject({ ok: false, reason: 'verification_failed', quarantinePath: null });
    if (!result.ok && 'detail' in result) expect(result.detail).toMatch(/\(left in place, quarantine failed: .*ENOTDIR/);
    expect((await fs.stat(target)).size).toBe(40_000);
  });

  it('never reads or moves a file a symlink leads to outside the downloads folder', async () => {
    const outside = path.join(tmp, `outside-${randomUUID()}.flac`);
    await makeAudio(outside, 'flac', 3);
    const before = await fs.readFile(outside);
    // A link planted as the file itself, and a linked folder.
    const linkFile = place(FLAC);
    await fs.mkdir(path.dirname(linkFile), { recursive: true });
    await fs.symlink(outside, linkFile);
    const r1 = await verifyDownload(input({ remoteFilename: FLAC, expectedDurationMs: 3_000 }), env);
    expect(r1).toMatchObject({ ok: false, reason: 'verification_failed', quarantinePath: null });
    if (!r1.ok && 'detail' in r1) expect(r1.detail).toMatch(/outside the downloads folder/);

    const outsideDir = await fs.mkdtemp(path.join(tmp, 'outside-dir-'));
    await makeAudio(path.join(outsideDir, 'Song.flac'), 'flac', 3);
    await fs.symlink(outsideDir, path.join(downloads, 'Linked Album'), 'dir');
    const r2 = await verifyDownload(input({ remoteFilename: '@@x\\Linked Album\\Song.flac', expectedDurationMs: 3_000 }), env);
    expect(r2).toMatchObject({ ok: false, reason: 'verification_failed', quarantinePath: null });
    expect(await fs.readFile(outside)).toEqual(before);
    expect(await exists(path.join(outsideDir, 'Song.flac'))).toBe(true);
    expect(await exists(quarantineRoot)).toBe(false);
  });

  it('keeps asking to retry while nothing landed, and names the folder on the last try', async () => {
    const req = input({ remoteFilename: FLAC });
    expect(await verifyDownload(req, env)).toEqual({ ok: false, retryAfterMs: VERIFY_RETRY_AFTER_MS });
    const last = await verifyDownload({ ...req, finalAttempt: true }, env);
    expect(last).toMatchObject({ ok: false, reason: 'file_missing', quarantinePath: null });
    if (!last.ok && 'detail' in last) {
      expect(last.detail).toContain(path.join(downloads, '2020 - Test Album', '01 - First Song.flac'));
      expect(last.detail).toMatch(/check the downloads folder mapping/);
    }
    // An older file with the same name (a previous download) is not taken for this one.
    await makeAudio(place(FLAC), 'flac', 3);
    const old = new Date(Date.now() - 3_600_000);
    await fs.utimes(place(FLAC), old, old);
    expect(await verifyDownload({ ...req, requestedAt: new Date() }, env)).toEqual({ ok: false, retryAfterMs: VERIFY_RETRY_AFTER_MS });
  });

  it('says so when no downloads folder is configured', async () => {
    expect(await verifyDownload(input(), { ...env, folders: null })).toMatchObject({ ok: false, reason: 'file_missing' });
  });
});

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isPathInside, predictSlskdDownloadPath } from '../../clients/slskd-paths';
import { durationToleranceMs, familyMatchesExtension, sniffAudioExtension } from './audio-check';
import { verifyDownload } from './download-verifier';
import { mapSlskdPath } from './locate';
import { quarantineFile } from './quarantine';

/** Peers choose remote names; slskd's reported paths derive from them. None may lead outside our folders. */

const HOSTILE_PIECES = [
  '..',
  '.',
  '...',
  '',
  '/',
  '\\',
  '//',
  '\\\\server\\share',
  'C:',
  'c:\\Windows',
  '/etc/passwd',
  'CON',
  'nul.flac',
  'COM1.mp3',
  'lpt9',
  'a\u0000b',
  '\u0001\u001f\u007f',
  'song\u202egalf.exe',
  ' trailing. ',
  'x'.repeat(300),
  'ü'.repeat(200),
  '..\\..\\..',
  '../../..',
  '%2e%2e',
  '\uff0e\uff0e',
  'Album',
  '01 - Song.flac',
];

/** Deterministic pseudo-random generator so a failure is reproducible from the printed seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hostileName(next: () => number): string {
  const parts = Array.from({ length: 1 + Math.floor(next() * 5) }, () => HOSTILE_PIECES[Math.floor(next() * HOSTILE_PIECES.length)]);
  const seps = ['/', '\\', ''];
  return parts.reduce((acc, part) => acc + seps[Math.floor(next() * seps.length)] + part, '');
}

describe('mapSlskdPath', () => {
  const local = '/srv/soulspot/slskd-downloads';

  it('maps a path under slskd\'s folder to the same relative path under ours', () => {
    expect(mapSlskdPath('/app/downloads/2020 - Album/01 - Song.flac', { remote: '/app/downloads', local })).toBe(`${local}/2020 - Album/01 - Song.flac`);
    expect(mapSlskdPath('/app/downloads/Album/01 - Song_639001234567890123.flac', { remote: '/app/downloads/', local })).toBe(`${local}/Album/01 - Song_639001234567890123.flac`);
    // A Windows slskd: backslashes and a drive, compared case-insensitively.
    expect(mapSlskdPath('D:\\Slskd\\Downloads\\Album\\01.flac', { remote: 'd:\\slskd\\downloads', local })).toBe(`${local}/Album/01.flac`);
    // Same path on both sides (no mapping configured).
    expect(mapSlskdPath(`${local}/Album/01.flac`, { remote: '', local })).toBe(`${local}/Album/01.flac`);
  });

  it('refuses paths outside the folder, prefixes that only look alike, and traversal', () => {
    expect(mapSlskdPath('/app/downloads-other/x.flac', { remote: '/app/downloads', local })).toBeNull();
    expect(mapSlskdPath('/app/downloads/../secrets/x.flac', { remote: '/app/downloads', local })).toBeNull();
    expect(mapSlskdPath('/app/downloads/a/./b.flac', { remote: '/app/downloads', local })).toBeNull();
    expect(mapSlskdPath('/app/downloads', { remote: '/app/downloads', local })).toBeNull();
    expect(mapSlskdPath(`${local}/../x.flac`, { remote: '', local })).toBeNull();
    expect(mapSlskdPath('relative/x.flac', { remote: '', local })).toBeNull();
    expect(mapSlskdPath('/app/downloads/a\u0000b.flac', { remote: '/app/downloads', local })).toBeNull();
  });

  it('property: whatever slskd reports, the result is null or strictly inside the local folder', () => {
    const seed = 20261123;
    const next = rng(seed);
    for (let i = 0; i < 3000; i++) {
      const rel = hostileName(next);
      for (const remote of ['/app/downloads', 'C:\\slskd\\downloads', '']) {
        const reported = remote ? `${remote}${next() < 0.5 ? '/' : '\\'}${rel}` : rel;
        const mapped = mapSlskdPath(reported, { remote, local });
        if (mapped !== null && !isPathInside(local, mapped)) throw new Error(`seed ${seed} #${i}: ${JSON.stringify(reported)} → ${mapped}`);
      }
    }
  });
});

describe('hostile names against real folders', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-hostile-'));
  });
  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('quarantine stays inside its root for hostile download ids and file names', async () => {
    const root = path.join(tmp, 'quarantine');
    const names = ['CON', 'nul.flac', ' lead', 'trail. . ', '..flac', `${'x'.repeat(250)}.flac`, 'bidi\u202egalf.flac', 'ctl\u0001\u001f.mp3', '\\back\\slash.mp3'];
    const ids = ['../../etc', '/abs/olute', 'C:\\Windows', '..', '.', '', 'a/b/../../..', randomUUID()];
    for (const [i, name] of names.entries()) {
      const src = path.join(tmp, `src-${i}`);
      await fs.mkdir(src, { recursive: true });
      const file = path.join(src, name);
      await fs.writeFile(file, `file ${i}`);
      const moved = await quarantineFile(root, ids[i % ids.length], file);
      expect(isPathInside(root, moved)).toBe(true);
      expect(await fs.readFile(moved, 'utf8')).toBe(`file ${i}`);
      expect(Buffer.byteLength(path.basename(moved))).toBeLessThanOrEqual(255);
      expect(path.dirname(path.dirname(moved))).toBe(root);
    }
    // Nothing was created next to the quarantine root.
    expect((await fs.readdir(tmp)).sort()).toEqual(['quarantine', ...names.map((_, i) => `src-${i}`)].sort());
  });

  it('property: verification with hostile remote names never throws and never writes outside its folders', async () => {
    const downloads = path.join(tmp, 'downloads');
    const quarantineRoot = path.join(tmp, 'data', 'quarantine');
    await fs.mkdir(downloads, { recursive: true });
    // Bait a traversal could reach: a real file beside the downloads folder.
    await fs.writeFile(path.join(tmp, 'bait.flac'), 'bait');
    const seed = 4242;
    const next = rng(seed);
    let placed = 0;
    for (let i = 0; i < 300; i++) {
      const remoteFilename = hostileName(next);
      // Where slskd would have written it (when slskd would accept the name at all): a bad file to quarantine.
      let landed: string | null = null;
      try {
        landed = predictSlskdDownloadPath(downloads, remoteFilename);
        await fs.mkdir(path.dirname(landed), { recursive: true });
        await fs.writeFile(landed, `junk ${i}`);
        placed++;
      } catch {
        landed = null; // refused by slskd's rules or too long for the file system
      }
      const result = await verifyDownload(
        { downloadId: hostileName(next) || 'x', attemptId: 'a', username: 'u', remoteFilename, size: 0, transferId: null, requestedAt: new Date(0), expectedDurationMs: null, finalAttempt: next() < 0.5 },
        { folders: { remote: '', local: downloads }, events: null, quarantineRoot },
      );
      if (result.ok) throw new Error(`seed ${seed} #${i}: ${JSON.stringify(remoteFilename)} verified ${result.localPath}`);
      if ('quarantinePath' in result && result.quarantinePath !== null) {
        if (!isPathInside(quarantineRoot, result.quarantinePath)) throw new Error(`seed ${seed} #${i}: quarantined to ${result.quarantinePath}`);
        expect(await fs.readFile(result.quarantinePath, 'utf8')).toBe(`junk ${i}`);
      } else if (landed !== null && 'reason' in result) {
        throw new Error(`seed ${seed} #${i}: ${JSON.stringify(remoteFilename)} landed at ${landed} but was not quarantined: ${result.detail}`);
      }
    }
    expect(placed).toBeGreaterThan(50);
    expect(await fs.readFile(path.join(tmp, 'bait.flac'), 'utf8')).toBe('bait');
    // Only the three things this test made sit beside the folders.
    expect((await fs.readdir(tmp)).filter((n) => !n.startsWith('src-') && n !== 'quarantine').sort()).toEqual(['bait.flac', 'data', 'downloads']);
  });
});

describe('format and tolerance rules', () => {
  it('sniffs the format from the first bytes, tags included', () => {
    const id3 = Buffer.concat([Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0005', 'latin1'), Buffer.alloc(5), Buffer.from([0xff, 0xfb, 0x90, 0xc0])]);
    expect(sniffAudioExtension(id3)).toBe('mp3');
    expect(sniffAudioExtension(Buffer.from('fLaC\u0000\u0000\u0000\u0022', 'latin1'))).toBe('flac');
    expect(sniffAudioExtension(Buffer.from('OggS\u0000\u0002', 'latin1'))).toBe('ogg');
    expect(sniffAudioExtension(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt ', 'latin1'))).toBe('wav');
    expect(sniffAudioExtension(Buffer.from('\u0000\u0000\u0000\u0020ftypM4A ', 'latin1'))).toBe('m4a');
    expect(sniffAudioExtension(Buffer.from([0xff, 0xf1, 0x50, 0x80]))).toBe('aac');
    expect(sniffAudioExtension(Buffer.from('<html><body>not found</body></html>'))).toBeNull();
    expect(sniffAudioExtension(Buffer.alloc(0))).toBeNull();
  });

  it('matches content to the extension it was chosen for', () => {
    expect(familyMatchesExtension('mp3', 'mp3')).toBe(true);
    expect(familyMatchesExtension('mp3', 'flac')).toBe(false);
    expect(familyMatchesExtension('alac', 'm4a')).toBe(true);
    expect(familyMatchesExtension('aac', 'm4a')).toBe(true);
    expect(familyMatchesExtension('opus', 'ogg')).toBe(true);
    expect(familyMatchesExtension('vorbis', 'opus')).toBe(false);
    expect(familyMatchesExtension('flac', 'weird')).toBe(true);
    expect(familyMatchesExtension('other', 'weird')).toBe(false);
  });

  it('uses MATCHING.md tolerance max(8 s, 4 %) plus 1 s', () => {
    expect(durationToleranceMs(180_000)).toBe(9_000);
    expect(durationToleranceMs(360_000)).toBe(15_400);
    expect(durationToleranceMs(30_000)).toBe(9_000);
  });
});

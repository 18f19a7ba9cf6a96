import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  findSlskdDownloadedFile,
  isPathInside,
  isRealPathInside,
  predictSlskdDownloadPath,
  safeJoin,
  safeLocalPathForRemote,
  sanitizePathSegment,
  splitRemotePath,
  UnsafePathError,
} from './slskd-paths';

const ROOT = path.resolve('/srv/downloads');

/** Properties every produced path must have, whatever the input. */
function expectSafe(root: string, produced: string): void {
  expect(isPathInside(root, produced)).toBe(true);
  const relative = path.relative(root, produced);
  for (const segment of relative.split(path.sep)) {
    expect(segment).not.toBe('');
    expect(segment).not.toBe('.');
    expect(segment).not.toBe('..');
    expect(Buffer.byteLength(segment, 'utf8')).toBeLessThanOrEqual(255);
    // eslint-disable-next-line no-control-regex
    expect(segment).not.toMatch(/[\u0000-\u001f\u007f<>:"\\|?*]/);
    expect(segment).not.toMatch(/[. ]$/);
    expect(segment.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/i);
  }
}

describe('sanitizePathSegment', () => {
  it.each([
    ['..', '_'],
    ['.', '_'],
    ['...', '_'],
    ['', '_'],
    ['C:', 'C_'],
    ['CON', '_CON'],
    ['con.mp3', '_con.mp3'],
    ['LPT1.flac', '_LPT1.flac'],
    ['Com9', '_Com9'],
    ['CONSOLE.mp3', 'CONSOLE.mp3'],
    ['song?.mp3', 'song_.mp3'],
    ['a/b', 'a_b'],
    ['a\\b', 'a_b'],
    ['trailing dot.', 'trailing dot'],
    ['trailing space ', 'trailing space'],
    ['tab\there', 'tab_here'],
    ['nul\u0000byte', 'nul_byte'],
    ['new\nline', 'new_line'],
    ['AC\u202Egalf.exe', 'ACgalf.exe'],
    ['fullwidth\uff0fslash', 'fullwidth_slash'],
    ['Björk – Jóga.flac', 'Björk – Jóga.flac'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizePathSegment(input)).toBe(expected);
  });

  it('normalises decomposed unicode to NFC so the same name maps to the same file', () => {
    expect(sanitizePathSegment('Bjo\u0308rk')).toBe('Bj\u00f6rk');
  });

  it('truncates over-long names to 255 bytes without splitting characters and keeps the extension', () => {
    const long = `${'é'.repeat(300)}.flac`;
    const out = sanitizePathSegment(long);
    expect(Buffer.byteLength(out, 'utf8')).toBeLessThanOrEqual(255);
    expect(out.endsWith('.flac')).toBe(true);
    expect(out).not.toContain('\ufffd');
    const emoji = sanitizePathSegment('🎵'.repeat(100));
    expect(Buffer.byteLength(emoji, 'utf8')).toBeLessThanOrEqual(255);
    expect([...emoji].every((c) => c === '🎵')).toBe(true);
  });
});

describe('safeLocalPathForRemote', () => {
  it('keeps the parent folder and file name like slskd', () => {
    expect(safeLocalPathForRemote(ROOT, '@@kqzpt\\Music\\Artist\\2001 - Album\\01 - Intro.flac')).toBe(
      path.join(ROOT, '2001 - Album', '01 - Intro.flac'),
    );
    expect(safeLocalPathForRemote(ROOT, 'x\\Artist\\Album\\01.flac', { keepDirectories: 2 })).toBe(
      path.join(ROOT, 'Artist', 'Album', '01.flac'),
    );
    expect(safeLocalPathForRemote(ROOT, 'x\\Artist\\Album\\01.flac', { keepDirectories: 0 })).toBe(path.join(ROOT, '01.flac'));
  });

  it.each([
    '..\\..\\..\\etc\\passwd',
    '../../../../etc/passwd',
    '/etc/passwd',
    'C:\\Windows\\System32\\drivers\\etc\\hosts',
    '\\\\server\\share\\..\\..\\x.mp3',
    '..',
    '..\\',
    'a\\..\\..\\..\\b.mp3',
    '....\\....\\x.mp3',
    'CON\\AUX\\NUL.mp3',
    '\u0000\\\u0000.mp3',
    '  \\  \\  .mp3',
    `${'a'.repeat(5000)}\\${'b'.repeat(5000)}.flac`,
    '%2e%2e/%2e%2e/x',
    '..\u2215..\u2215etc',
  ])('never escapes the root for %j', (remote) => {
    for (const keepDirectories of [0, 1, 3, 10]) {
      expectSafe(ROOT, safeLocalPathForRemote(ROOT, remote, { keepDirectories }));
    }
  });

  it('rejects a remote path with no segments at all', () => {
    expect(() => safeLocalPathForRemote(ROOT, '\\\\//')).toThrow(UnsafePathError);
    expect(() => safeJoin(ROOT, [])).toThrow(UnsafePathError);
  });

  it('survives 3000 random hostile paths', () => {
    const pieces = ['..', '.', '/', '\\', 'C:', 'CON', 'aux.txt', '\u0000', '\n', ' ', 'é', '🎵', '\u202e', ':', '*', '?', 'a'.repeat(120), 'x', '\\\\', 'LPT3', '．．'];
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(rnd() * 12);
      let remote = '';
      for (let j = 0; j < n; j++) remote += pieces[Math.floor(rnd() * pieces.length)];
      if (splitRemotePath(remote).length === 0) continue;
      expectSafe(ROOT, safeLocalPathForRemote(ROOT, remote, { keepDirectories: Math.floor(rnd() * 4) }));
    }
  });
});

describe('isPathInside', () => {
  it('distinguishes real escapes from names that merely start with dots', () => {
    expect(isPathInside(ROOT, path.join(ROOT, '..foo'))).toBe(true);
    expect(isPathInside(ROOT, path.join(ROOT, '..', 'downloads-evil', 'x'))).toBe(false);
    expect(isPathInside(ROOT, `${ROOT}-evil/x`)).toBe(false);
    expect(isPathInside(ROOT, ROOT)).toBe(false);
    expect(isPathInside(ROOT, path.join(ROOT, 'a', '..', '..', 'x'))).toBe(false);
  });

  it('catches a symlink inside the root that points outside', async () => {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'slskd-paths-'));
    try {
      const root = path.join(base, 'root');
      const outside = path.join(base, 'outside');
      await fs.mkdir(root);
      await fs.mkdir(outside);
      await fs.symlink(outside, path.join(root, 'link'));
      const viaLink = path.join(root, 'link', 'file.mp3');
      expect(isPathInside(root, viaLink)).toBe(true);
      expect(await isRealPathInside(root, viaLink)).toBe(false);
      expect(await isRealPathInside(root, path.join(root, 'new', 'file.mp3'))).toBe(true);
    } finally {
      await fs.rm(base, { recursive: true, force: true });
    }
  });
});

describe('predictSlskdDownloadPath', () => {
  it('uses only the immediate parent folder, as slskd does', () => {
    expect(predictSlskdDownloadPath(ROOT, '@@kqzpt\\Music\\Artist\\2001 - Album\\01 - Intro.flac')).toBe(
      path.join(ROOT, '2001 - Album', '01 - Intro.flac'),
    );
    expect(predictSlskdDownloadPath(ROOT, 'loose.mp3')).toBe(path.join(ROOT, 'loose.mp3'));
    // slskd keeps characters Linux allows, such as ':' and '?'.
    expect(predictSlskdDownloadPath(ROOT, 'C:\\Music\\What?\\a:b.mp3')).toBe(path.join(ROOT, 'What?', 'a:b.mp3'));
  });

  it('honours a batch destination and refuses traversal', () => {
    expect(predictSlskdDownloadPath(ROOT, 'x\\y\\01.flac', { destination: 'Artist/Album' })).toBe(
      path.join(ROOT, 'Artist', 'Album', '01.flac'),
    );
    expect(() => predictSlskdDownloadPath(ROOT, 'x\\..\\01.flac')).toThrow(UnsafePathError);
    expect(() => predictSlskdDownloadPath(ROOT, 'x\\y\\..')).toThrow(UnsafePathError);
    expect(() => predictSlskdDownloadPath(ROOT, 'x\\01.flac', { destination: '../elsewhere' })).toThrow(UnsafePathError);
    expect(() => predictSlskdDownloadPath(ROOT, 'x\\01.flac', { destination: '/abs' })).toThrow(UnsafePathError);
  });

  it('finds the file slskd renamed with _<ticks> on a name clash', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'slskd-find-'));
    try {
      const remote = '@@a\\Music\\Album\\01 - Intro.flac';
      expect(await findSlskdDownloadedFile(root, remote)).toBeUndefined();
      await fs.mkdir(path.join(root, 'Album'));
      await fs.writeFile(path.join(root, 'Album', '01 - Intro.flac'), 'old');
      await fs.writeFile(path.join(root, 'Album', '01 - Intro (Live).flac'), 'other');
      expect(await findSlskdDownloadedFile(root, remote)).toBe(path.join(root, 'Album', '01 - Intro.flac'));
      const renamed = path.join(root, 'Album', '01 - Intro_639001234567890123.flac');
      await fs.writeFile(renamed, 'new');
      const later = new Date(Date.now() + 5000);
      await fs.utimes(renamed, later, later);
      expect(await findSlskdDownloadedFile(root, remote)).toBe(renamed);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

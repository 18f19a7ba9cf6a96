import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sidecarPath, withCollisionSuffix, writeFileAtomic } from './fs-durable';
import { MoveCollisionError, MoveSourceError, partialPathFor, safeMove, type MoveStep, type SafeMoveOptions } from './safe-move';

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

let base: string;
let n = 0;

/** A fresh src/ and library/ pair with one 256 KiB random "download". */
function scenario(srcRoot = base): { srcDir: string; destDir: string; source: string; hash: string } {
  n++;
  const srcDir = join(srcRoot, `src-${n}`);
  const destDir = join(base, `lib-${n}`, 'Artist', 'Album');
  mkdirSync(srcDir, { recursive: true });
  const source = join(srcDir, 'download.flac');
  writeFileSync(source, randomBytes(256 * 1024));
  return { srcDir, destDir, source, hash: sha(source) };
}

/** Everything in the folder, hidden partials included. */
const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

class SimulatedCrash extends Error {}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'soulspot-move-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('safeMove on one filesystem', () => {
  it('moves by hard link: same inode, source gone, no copy made', async () => {
    const { source, destDir, hash } = scenario();
    const inode = statSync(source).ino;
    const result = await safeMove(source, destDir, '01 - Title.flac');
    expect(result).toMatchObject({ outcome: 'moved', method: 'link', path: join(destDir, '01 - Title.flac') });
    expect(existsSync(source)).toBe(false);
    expect(statSync(result.path).ino).toBe(inode);
    expect(sha(result.path)).toBe(hash);
    expect(entries(destDir)).toEqual(['01 - Title.flac']);
  });

  it('without hard links it renames (same inode) and still never overwrites', async () => {
    const { source, destDir, hash } = scenario();
    const inode = statSync(source).ino;
    mkdirSync(destDir, { recursive: true });
    writeFileSync(join(destDir, 'T.flac'), 'other');
    const result = await safeMove(source, destDir, 'T.flac', { hardLinks: false });
    expect(result).toMatchObject({ method: 'rename', path: join(destDir, 'T (2).flac') });
    expect(statSync(result.path).ino).toBe(inode);
    expect(sha(result.path)).toBe(hash);
    expect(readFileSync(join(destDir, 'T.flac'), 'utf8')).toBe('other');
  });

  it('a dangling symlink or a folder with the name counts as taken', async () => {
    const { source, destDir, hash } = scenario();
    mkdirSync(join(destDir, 'T.flac'), { recursive: true });
    symlinkSync(join(base, 'does-not-exist'), join(destDir, 'T (2).flac'));
    const result = await safeMove(source, destDir, 'T.flac');
    expect(result.path).toBe(join(destDir, 'T (3).flac'));
    expect(sha(result.path)).toBe(hash);
  });

  it('forceCopy takes the cross-device path and leaves no partial behind', async () => {
    const { source, destDir, hash } = scenario();
    const inode = statSync(source).ino;
    const result = await safeMove(source, destDir, 'T.flac', { forceCopy: true });
    expect(result.method).toBe('copy');
    expect(statSync(result.path).ino).not.toBe(inode);
    expect(sha(result.path)).toBe(hash);
    expect(existsSync(source)).toBe(false);
    expect(entries(destDir)).toEqual(['T.flac']);
  });
});

describe('safeMove across filesystems (/dev/shm -> temp dir)', () => {
  const shmUsable = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(tmpdir()).dev;
  (shmUsable ? it : it.skip)('falls back to copy + verify on EXDEV', async () => {
    const shmRoot = mkdtempSync('/dev/shm/soulspot-move-');
    try {
      const { source, destDir, hash } = scenario(shmRoot);
      const steps: MoveStep[] = [];
      const result = await safeMove(source, destDir, 'x.flac', { onStep: (s) => steps.push(s) });
      expect(result).toMatchObject({ outcome: 'moved', method: 'copy' });
      expect(steps).toEqual(['prepared', 'copied', 'synced', 'verified', 'placed', 'partial-removed', 'dest-dir-synced', 'source-removed']);
      expect(sha(result.path)).toBe(hash);
      expect(existsSync(source)).toBe(false);
    } finally {
      rmSync(shmRoot, { recursive: true, force: true });
    }
  });
});

describe('collisions never overwrite', () => {
  it.each([false, true])('a different file with the name -> "Title (2).flac", then "(3)" (forceCopy=%s)', async (forceCopy) => {
    const { source, destDir, hash } = scenario();
    mkdirSync(destDir, { recursive: true });
    writeFileSync(join(destDir, 'Title.flac'), 'someone else');
    const first = await safeMove(source, destDir, 'Title.flac', { forceCopy });
    expect(first.path).toBe(join(destDir, 'Title (2).flac'));
    expect(sha(first.path)).toBe(hash);
    expect(readFileSync(join(destDir, 'Title.flac'), 'utf8')).toBe('someone else');

    const other = join(base, `other-${n}.flac`);
    writeFileSync(other, 'a third song');
    const second = await safeMove(other, destDir, 'Title.flac', { forceCopy });
    expect(second.path).toBe(join(destDir, 'Title (3).flac'));
    expect(entries(destDir)).toEqual(['Title (2).flac', 'Title (3).flac', 'Title.flac']);
  });

  it('an identical file already there: source removed, nothing duplicated', async () => {
    const { source, destDir, hash } = scenario();
    mkdirSync(destDir, { recursive: true });
    writeFileSync(join(destDir, 'Title.flac'), readFileSync(source));
    const result = await safeMove(source, destDir, 'Title.flac');
    expect(result).toMatchObject({ outcome: 'already-present', path: join(destDir, 'Title.flac') });
    expect(existsSync(source)).toBe(false);
    expect(entries(destDir)).toEqual(['Title.flac']);
    expect(sha(result.path)).toBe(hash);
  });

  it('onDifferentFile "fail" throws and touches nothing', async () => {
    const { source, destDir, hash } = scenario();
    mkdirSync(destDir, { recursive: true });
    writeFileSync(join(destDir, 'Title.flac'), 'keep me');
    await expect(safeMove(source, destDir, 'Title.flac', { onDifferentFile: 'fail' })).rejects.toBeInstanceOf(MoveCollisionError);
    expect(sha(source)).toBe(hash);
    expect(readFileSync(join(destDir, 'Title.flac'), 'utf8')).toBe('keep me');
  });

  it('keeps a 255-byte name within 255 bytes when numbering it', () => {
    const long = `${'é'.repeat(125)}.flac`;
    const numbered = withCollisionSuffix(long, 12);
    expect(Buffer.byteLength(numbered)).toBeLessThanOrEqual(255);
    expect(numbered.endsWith(' (12).flac')).toBe(true);
  });
});

describe('crash at every step, then a retry: exactly one correct file, never a loss', () => {
  const LINK_STEPS: MoveStep[] = ['prepared', 'linked', 'dest-dir-synced', 'source-removed'];
  const RENAME_STEPS: MoveStep[] = ['prepared', 'renamed', 'dest-dir-synced', 'source-removed'];
  const COPY_STEPS: MoveStep[] = ['prepared', 'copied', 'synced', 'verified', 'placed', 'partial-removed', 'dest-dir-synced', 'source-removed'];

  const cases: Array<[string, MoveStep, SafeMoveOptions, boolean]> = [
    ...LINK_STEPS.map((s): [string, MoveStep, SafeMoveOptions, boolean] => ['link', s, {}, false]),
    ...COPY_STEPS.map((s): [string, MoveStep, SafeMoveOptions, boolean] => ['copy', s, { forceCopy: true }, false]),
    ...COPY_STEPS.map((s): [string, MoveStep, SafeMoveOptions, boolean] => ['copy+collision', s, { forceCopy: true }, true]),
    ...RENAME_STEPS.map((s): [string, MoveStep, SafeMoveOptions, boolean] => ['rename (no hard links)', s, { hardLinks: false }, false]),
    ...RENAME_STEPS.map((s): [string, MoveStep, SafeMoveOptions, boolean] => ['rename+collision', s, { hardLinks: false }, true]),
    ...COPY_STEPS.map((s): [string, MoveStep, SafeMoveOptions, boolean] => ['copy (no hard links)', s, { forceCopy: true, hardLinks: false }, false]),
  ];

  it.each(cases)('%s: crash after "%s"', async (_mode, crashAt, options, occupied) => {
    const { source, destDir, hash } = scenario();
    if (occupied) {
      mkdirSync(destDir, { recursive: true });
      writeFileSync(join(destDir, 'Song.flac'), 'a different song');
    }
    const expectedName = occupied ? 'Song (2).flac' : 'Song.flac';
    const seen: MoveStep[] = [];

    await expect(
      safeMove(source, destDir, 'Song.flac', {
        ...options,
        onStep: (step) => {
          seen.push(step);
          // The source may only disappear once the destination is complete and correct.
          if (!existsSync(source)) expect(sha(join(destDir, expectedName))).toBe(hash);
          // Link and copy keep the source until the very last step; a rename hands it over atomically.
          if (step !== 'source-removed' && options.hardLinks !== false) expect(sha(source)).toBe(hash);
          if (step !== 'source-removed' && options.forceCopy) expect(sha(source)).toBe(hash);
          if (step === crashAt) throw new SimulatedCrash(step);
        },
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(seen[seen.length - 1]).toBe(crashAt);

    // Whatever was left behind, at least one full copy exists right now.
    const survivors = [source, join(destDir, expectedName)].filter((p) => existsSync(p) && sha(p) === hash);
    expect(survivors.length).toBeGreaterThanOrEqual(1);

    // The job records the download's hash before moving, so a retry after a finished move is exact.
    const retry = await safeMove(source, destDir, 'Song.flac', { ...options, expectedSha256: hash });
    expect(retry.path).toBe(join(destDir, expectedName));
    expect(sha(retry.path)).toBe(hash);
    expect(existsSync(source)).toBe(false);
    expect(entries(destDir)).toEqual(occupied ? ['Song (2).flac', 'Song.flac'] : ['Song.flac']);

    // A third run is a no-op that still reports where the file is.
    const again = await safeMove(source, destDir, 'Song.flac', options);
    expect(again.outcome).toBe('source-already-moved');
    if (occupied) expect(again.possiblePaths).toEqual([join(destDir, 'Song.flac'), join(destDir, 'Song (2).flac')]);
    else {
      expect(again.path).toBe(join(destDir, 'Song.flac'));
      expect(again.possiblePaths).toBeUndefined();
    }
  });

  it('a leftover partial from a killed process is discarded and the move completes', async () => {
    const { source, destDir, hash } = scenario();
    mkdirSync(destDir, { recursive: true });
    const partial = partialPathFor(source, destDir, 'Song.flac');
    writeFileSync(partial, 'half a fi');
    const result = await safeMove(source, destDir, 'Song.flac', { forceCopy: true });
    expect(sha(result.path)).toBe(hash);
    expect(entries(destDir)).toEqual(['Song.flac']);
  });

  it('a copy that does not match the source is rejected and the source kept', async () => {
    const { source, destDir, hash } = scenario();
    const partial = partialPathFor(source, destDir, 'Song.flac');
    const corrupt = async (size: boolean): Promise<void> => {
      await expect(
        safeMove(source, destDir, 'Song.flac', {
          forceCopy: true,
          onStep: (step) => {
            // A flaky disk or network share: same size but different bytes, or short.
            if (step === 'copied') writeFileSync(partial, size ? 'short' : randomBytes(256 * 1024));
          },
        }),
      ).rejects.toThrow(size ? /bytes, expected/ : /SHA-256/);
      expect(sha(source)).toBe(hash);
      expect(entries(destDir)).toEqual([]);
    };
    await corrupt(false);
    await corrupt(true);
  });
});

describe('safeMove input checks', () => {
  it('source gone and nothing at the destination is an error, not a silent success', async () => {
    await expect(safeMove(join(base, 'missing.flac'), join(base, 'nowhere'), 'x.flac')).rejects.toBeInstanceOf(MoveSourceError);
  });

  it('source gone: expectedSha256 that matches nothing is an error', async () => {
    const { source, destDir } = scenario();
    await safeMove(source, destDir, 'x.flac');
    await expect(safeMove(source, destDir, 'x.flac', { expectedSha256: '0'.repeat(64) })).rejects.toBeInstanceOf(MoveSourceError);
  });

  it('rejects a directory as source and a file name with a path in it', async () => {
    const { srcDir, destDir, source } = scenario();
    await expect(safeMove(srcDir, destDir, 'x.flac')).rejects.toBeInstanceOf(MoveSourceError);
    await expect(safeMove(source, destDir, '../../escape.flac')).rejects.toThrow(/plain file name/);
    await expect(safeMove(source, destDir, '..')).rejects.toThrow(/plain file name/);
    expect(existsSync(source)).toBe(true);
  });

  it('moving a file onto itself is a no-op', async () => {
    const { source, srcDir, hash } = scenario();
    const result = await safeMove(source, srcDir, 'download.flac');
    expect(result.outcome).toBe('already-present');
    expect(sha(source)).toBe(hash);
  });
});

describe('writeFileAtomic and sidecarPath', () => {
  it('creates, replaces, and leaves no temp files', async () => {
    const dir = join(base, `atomic-${++n}`);
    mkdirSync(dir);
    const target = join(dir, 'cover.jpg');
    await writeFileAtomic(target, Buffer.from([1, 2, 3]));
    await writeFileAtomic(target, 'new content');
    expect(readFileSync(target, 'utf8')).toBe('new content');
    expect(entries(dir)).toEqual(['cover.jpg']);
  });

  it('overwrite:false keeps the existing file', async () => {
    const dir = join(base, `atomic-${++n}`);
    mkdirSync(dir);
    const target = join(dir, 'album.m3u8');
    writeFileSync(target, 'old');
    await expect(writeFileAtomic(target, 'new', { overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(entries(dir)).toEqual(['album.m3u8']);
  });

  it('fails cleanly when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(base, 'no-such-dir', 'x.lrc'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['/m/A/01 - T.flac', 'lrc', '/m/A/01 - T.lrc'],
    ['/m/A/01 - T.flac', '.lrc', '/m/A/01 - T.lrc'],
    ['/m/A/Mr. Brightside.mp3', 'lrc', '/m/A/Mr. Brightside.lrc'],
    ['/m/A/noext', 'lrc', '/m/A/noext.lrc'],
  ])('sidecarPath(%s, %s) = %s', (audio, ext, expected) => {
    expect(sidecarPath(audio, ext)).toBe(expected);
  });

  it('sidecarPath rejects an extension with a path in it', () => {
    expect(() => sidecarPath('/m/a.flac', '../x')).toThrow();
  });
});

import { DEFAULT_PROFILE } from '../../matcher/profiles';
import { type AlbumCandidate, type AlbumModeRow, albumFolderOf, albumKeyOf, chooseAlbumFolder, groupAlbumRows, mapBrowsedFiles } from './album-mode';

const row = (id: string, title: string, extra: Partial<AlbumModeRow> = {}): AlbumModeRow => ({
  id,
  artist: 'Mara Quinn',
  title,
  album: 'Glass Houses',
  durationMs: 200_000,
  profile: 'lossless-preferred',
  searchId: `s-${id}`,
  pinnedCandidateId: null,
  attemptCount: 0,
  ...extra,
});

const cand = (username: string, filename: string, position: number, extra: Partial<AlbumCandidate> = {}): AlbumCandidate => ({
  username,
  filename,
  size: 1000 + position,
  position,
  qualityTier: 0,
  availability: 50,
  ...extra,
});

describe('album mode: which rows form an album', () => {
  it('only rows with their search done, an album, no pinned file and no attempt yet; featured artists do not split the album', () => {
    expect(albumKeyOf(row('a', 'One'))).toBe(albumKeyOf(row('b', 'Two', { artist: 'Mara Quinn feat. Joe Bloggs' })));
    expect(albumKeyOf(row('a', 'One'))).toBe(albumKeyOf(row('b', 'Two', { album: 'GLASS HOUSES' })));
    expect(albumKeyOf(row('a', 'One', { searchId: null }))).toBeNull();
    expect(albumKeyOf(row('a', 'One', { album: null }))).toBeNull();
    expect(albumKeyOf(row('a', 'One', { pinnedCandidateId: 'c' }))).toBeNull();
    expect(albumKeyOf(row('a', 'One', { attemptCount: 1 }))).toBeNull();
    // A different quality profile is a different group.
    expect(albumKeyOf(row('a', 'One'))).not.toBe(albumKeyOf(row('b', 'Two', { profile: 'space-saver' })));
  });

  it('groups need at least three eligible rows', () => {
    const rows = [row('1', 'One'), row('2', 'Two'), row('3', 'Three', { attemptCount: 2 }), row('4', 'Four', { album: 'Other' }), row('5', 'Five', { album: 'Other' }), row('6', 'Six', { album: 'Other' })];
    expect(groupAlbumRows(rows).map((g) => g.map((r) => r.id))).toEqual([['4', '5', '6']]);
  });

  it('disc sub-folders belong to the album folder', () => {
    expect(albumFolderOf('@@u\\Music\\A\\2001 - Album\\CD2\\01 - x.flac')).toBe('@@u\\Music\\A\\2001 - Album');
    expect(albumFolderOf('@@u\\Music\\A\\2001 - Album\\01 - x.flac')).toBe('@@u\\Music\\A\\2001 - Album');
  });
});

describe('album mode: choosing the folder', () => {
  const dirA = '@@a\\Music\\Mara Quinn\\Glass Houses';
  const dirB = '@@b\\Music\\Mara Quinn\\Glass Houses';

  it('the folder covering the most rows wins over better-ranked single files; a row takes its best file in the folder', () => {
    const choice = chooseAlbumFolder([
      { rowId: '1', candidates: [cand('b', `${dirB}\\01 - One.flac`, 0), cand('a', `${dirA}\\01 - One.mp3`, 2), cand('a', `${dirA}\\01 - One.flac`, 1)] },
      { rowId: '2', candidates: [cand('b', `${dirB}\\02 - Two.flac`, 0), cand('a', `${dirA}\\02 - Two.flac`, 1)] },
      { rowId: '3', candidates: [cand('a', `${dirA}\\03 - Three.flac`, 0)] },
    ]);
    expect(choice?.username).toBe('a');
    expect(choice?.folder).toBe(dirA);
    expect([...(choice?.picks.entries() ?? [])].map(([id, c]) => [id, c.filename.split('\\').pop()])).toEqual([
      ['1', '01 - One.flac'],
      ['2', '02 - Two.flac'],
      ['3', '03 - Three.flac'],
    ]);
  });

  it('no folder with three rows: no album mode', () => {
    expect(
      chooseAlbumFolder([
        { rowId: '1', candidates: [cand('a', `${dirA}\\01 - One.flac`, 0)] },
        { rowId: '2', candidates: [cand('a', `${dirA}\\02 - Two.flac`, 0)] },
        { rowId: '3', candidates: [cand('b', `${dirB}\\03 - Three.flac`, 0)] },
      ]),
    ).toBeNull();
  });

  it('equal coverage: the better worst quality tier, then availability', () => {
    const rows = (tierA: number, availA: number) =>
      ['1', '2', '3'].map((id) => ({ rowId: id, candidates: [cand('a', `${dirA}\\0${id}.flac`, 0, { qualityTier: tierA, availability: availA }), cand('b', `${dirB}\\0${id}.flac`, 1, { qualityTier: 1, availability: 50 })] }));
    expect(chooseAlbumFolder(rows(2, 90))?.username).toBe('b');
    expect(chooseAlbumFolder(rows(1, 90))?.username).toBe('a');
    expect(chooseAlbumFolder(rows(1, 10))?.username).toBe('b');
  });
});

describe('album mode: mapping uncovered rows to a browsed folder', () => {
  const dir = '@@a\\Music\\Mara Quinn\\2018 - Glass Houses';
  const file = (name: string, length: number) => ({ filename: `${dir}\\${name}`, size: 20_000_000 + length, extension: 'flac', length, sampleRate: 44100, bitDepth: 16 });
  const rows = [row('1', 'Undertow'), row('2', 'Lantern'), row('3', 'Harbor Lights'), row('4', 'Paper Moon'), row('5', 'Slow River', { durationMs: null })];
  const files = [file('01 - Undertow.flac', 200), file('02 - Lantern.flac', 200), file('03 - Harbor Lights.flac', 200), file('04 - Paper Moon.flac', 260), file('05 - Slow River.flac', 200)];

  it('maps by title and duration, only the uncovered rows, never a taken or refused file, never a file far off in length', () => {
    const mapped = mapBrowsedFiles(
      { title: 'Glass Houses', artist: 'Mara Quinn', rows },
      { username: 'a', folder: dir, files },
      new Set(['2', '3', '4', '5']),
      new Set([`${dir}\\01 - Undertow.flac`]),
      DEFAULT_PROFILE,
      (rowId, filename) => !(rowId === '3' && filename.endsWith('Harbor Lights.flac')),
    );
    // 2: found; 3: its file already failed for it; 4: 60 s longer than wanted (beyond max(8 s, 4 %)); 5: length unknown.
    expect([...mapped.entries()]).toEqual([['2', { filename: `${dir}\\02 - Lantern.flac`, size: 20_000_200 }]]);
  });
});

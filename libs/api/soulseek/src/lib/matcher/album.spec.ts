import { groupAlbumFolders, matchAlbum, solveAssignment, type WantedAlbum } from './album';
import { flac, mp3, peer } from './spec-helpers';

const album: WantedAlbum = {
  title: 'Is This It',
  artists: ['The Strokes'],
  tracks: [
    { title: 'Is This It', artists: ['The Strokes'], durationMs: 155_000, trackNumber: 1, discNumber: 1 },
    { title: 'The Modern Age', artists: ['The Strokes'], durationMs: 212_000, trackNumber: 2, discNumber: 1 },
    { title: 'Soma', artists: ['The Strokes'], durationMs: 157_000, trackNumber: 3, discNumber: 1 },
    { title: 'Last Nite', artists: ['The Strokes'], durationMs: 193_000, trackNumber: 4, discNumber: 1 },
  ],
};

function folderFiles(root: string, kind: 'flac' | 'mp3', lengths = [155, 212, 157, 193]): ReturnType<typeof flac>[] {
  const titles = ['Is This It', 'The Modern Age', 'Soma', 'Last Nite'];
  return titles.map((t, i) =>
    kind === 'flac' ? flac(`${root}\\0${i + 1} - ${t}.flac`, lengths[i]) : mp3(`${root}\\0${i + 1} - ${t}.mp3`, lengths[i], 320),
  );
}

describe('solveAssignment', () => {
  it('finds the minimum-cost assignment, not the greedy one', () => {
    // Greedy row by row would take (0,0)=1 then (1,1)=10; the optimum is (0,1)+(1,0) = 4.
    expect(solveAssignment([[1, 2], [2, 10]])).toEqual([1, 0]);
    expect(solveAssignment([[5, 1, 9], [1, 5, 9]])).toEqual([1, 0]);
  });
});

describe('groupAlbumFolders', () => {
  it('merges disc sub-folders of one user into one album folder', () => {
    const groups = groupAlbumFolders([
      peer('u', [flac('M\\Artist\\Album\\CD1\\01 - a.flac', 100), flac('M\\Artist\\Album\\Disc 2\\01 - b.flac', 100), flac('M\\Artist\\Other\\01 - c.flac', 100)]),
      peer('v', [flac('M\\Artist\\Album\\CD1\\01 - a.flac', 100)]),
    ]);
    expect(groups.map((g) => [g.username, g.folder, g.files.length])).toEqual([
      ['u', 'M\\Artist\\Album', 2],
      ['u', 'M\\Artist\\Other', 1],
      ['v', 'M\\Artist\\Album', 1],
    ]);
  });
});

describe('matchAlbum', () => {
  it('accepts a complete folder, aligning files to tracks even when names are shuffled', () => {
    const files = folderFiles('@@a\\The Strokes\\Is This It (2001)', 'flac');
    const folders = groupAlbumFolders([peer('u', [files[2], files[0], files[3], files[1], { filename: '@@a\\The Strokes\\Is This It (2001)\\cover.jpg', size: 1 }])]);
    const [best] = matchAlbum(album, folders);
    expect(best.accept).toBe(true);
    expect(best.assignments.map((a) => a.filename.split('\\').pop())).toEqual([
      '01 - Is This It.flac',
      '02 - The Modern Age.flac',
      '03 - Soma.flac',
      '04 - Last Nite.flac',
    ]);
  });

  it('rejects incomplete folders and says which tracks are missing', () => {
    const files = folderFiles('@@a\\The Strokes\\Is This It', 'flac').slice(0, 3);
    const [verdict] = matchAlbum(album, groupAlbumFolders([peer('u', files)]));
    expect(verdict.accept).toBe(false);
    expect(verdict.missingTracks).toEqual([3]);
  });

  it('does not accept the same file for two tracks ("Is This It" title track vs the album)', () => {
    const one = flac('@@a\\The Strokes\\Is This It\\01 - Is This It.flac', 155);
    const [verdict] = matchAlbum(album, groupAlbumFolders([peer('u', [one])]));
    expect(verdict.assignments).toHaveLength(1);
    expect(verdict.accept).toBe(false);
  });

  it('rejects folders with extra tracks that are not bonus tracks, accepts bonus tracks at the end', () => {
    const root = '@@a\\The Strokes\\Is This It (Deluxe)';
    const bonus = flac(`${root}\\05 - When It Started.flac`, 180);
    const stray = flac(`${root}\\03 - Hard To Explain.flac`, 227);
    const ok = matchAlbum(album, groupAlbumFolders([peer('u', [...folderFiles(root, 'flac'), bonus])]));
    expect(ok[0].accept).toBe(true);
    const bad = matchAlbum(album, groupAlbumFolders([peer('u', [...folderFiles(root, 'flac'), stray])]));
    expect(bad[0].accept).toBe(false);
    expect(bad[0].reason).toBe('extra tracks that are not bonus tracks');
  });

  it('rejects mixed-format and live folders, ranks lossless complete folders first and remix folders below', () => {
    const mixed = folderFiles('@@m\\The Strokes\\Is This It', 'flac');
    mixed[1] = mp3('@@m\\The Strokes\\Is This It\\02 - The Modern Age.mp3', 212, 320);
    const verdicts = matchAlbum(
      album,
      groupAlbumFolders([
        peer('mp3user', folderFiles('@@x\\The Strokes\\Is This It', 'mp3')),
        peer('mixed', mixed),
        peer('flacuser', folderFiles('@@y\\The Strokes\\Is This It [FLAC]', 'flac')),
        peer('liveuser', folderFiles('@@z\\The Strokes\\Is This It (Live at Reading)', 'flac')),
        peer('remixuser', folderFiles('@@r\\The Strokes\\Is This It (Remixes)', 'flac')),
      ]),
    );
    expect(verdicts.map((v) => [v.username, v.accept])).toEqual([
      ['flacuser', true],
      ['mp3user', true],
      ['remixuser', true],
      ['mixed', false],
      ['liveuser', false],
    ]);
    expect(verdicts[2].penalties[0]).toContain('remix');
    expect(verdicts[3].reason).toBe('mixed formats');
    expect(verdicts[4].missingTracks).toEqual([0, 1, 2, 3]);
  });
});

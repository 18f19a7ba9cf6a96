import { MbRecording, MbReleaseRef } from './musicbrainz.types';
import { baseTitle, bestRecordingMatch, pickReleaseForTagging, titleSimilarity } from './recording-match';

function release(id: string, title: string, date: string | null, primaryType: string | null, secondaryTypes: string[] = [], status: string | null = 'Official'): MbReleaseRef {
  return {
    id,
    title,
    status,
    date,
    country: null,
    releaseGroup: primaryType === null ? null : { id: `rg-${id}`, title, primaryType, secondaryTypes, firstReleaseDate: date },
    position: { trackId: null, trackNumber: 1, number: '1', trackTotal: 10, discNumber: 1 },
    trackCount: 10,
  };
}

function recording(id: string, title: string, artist: string, lengthMs: number | null, releases: MbReleaseRef[] = [], firstReleaseDate: string | null = null): MbRecording {
  return {
    id,
    title,
    lengthMs,
    disambiguation: '',
    artistCredits: [{ artistId: `a-${artist}`, name: artist, creditedName: artist, sortName: artist, joinPhrase: '' }],
    artist,
    isrcs: [],
    firstReleaseDate,
    releases,
    genres: [],
    tags: [],
    score: null,
  };
}

describe('baseTitle / titleSimilarity', () => {
  it.each([
    ['Wish You Were Here - 2011 Remaster', 'Wish You Were Here'],
    ['Numb (Remastered 2023)', 'Numb'],
    ['Hells Bells [Deluxe Edition]', 'Hells Bells'],
    ['bad guy (feat. Justin Bieber)', 'bad guy'],
    ['Around the World (Live)', 'Around the World (Live)'],
    ['One More Time - Radio Edit', 'One More Time - Radio Edit'],
  ])('%s → %s', (input, expected) => {
    expect(baseTitle(input)).toBe(expected);
  });

  it('a live or remixed version scores far below the studio title', () => {
    expect(titleSimilarity('Numb', 'Numb - 2003 Remaster')).toBe(1);
    expect(titleSimilarity('Numb (Live)', 'Numb')).toBeLessThan(0.7);
    expect(titleSimilarity('Numb (Fedde Le Grand Remix)', 'Numb')).toBeLessThan(0.7);
  });
});

describe('pickReleaseForTagging', () => {
  it('prefers the original studio album over a later reissue, the single and a compilation', () => {
    const releases = [
      release('comp', 'Rock Anthems', '2001-01-01', 'Album', ['Compilation']),
      release('single', 'Numb', '2003-01-01', 'Single'),
      release('reissue', 'Meteora (20th Anniversary Edition)', '2023-04-07', 'Album'),
      release('original', 'Meteora', '2003-03-25', 'Album'),
    ];
    expect(pickReleaseForTagging(releases, 'Rock Anthems')?.id).toBe('original');
  });

  it('prefers official releases, full dates over partial ones of the same year, and the wanted album on ties', () => {
    expect(pickReleaseForTagging([release('boot', 'X', '1990', 'Album', [], 'Bootleg'), release('off', 'X', '1999', 'Album')])?.id).toBe('off');
    expect(pickReleaseForTagging([release('partial', 'X', '2003', 'Album'), release('full', 'X', '2003-05-01', 'Album')])?.id).toBe('full');
    expect(pickReleaseForTagging([release('a', 'Other', '2003-05-01', 'Album'), release('b', 'Wanted', '2003-05-01', 'Album')], 'Wanted')?.id).toBe('b');
    expect(pickReleaseForTagging([])).toBeNull();
  });
});

describe('bestRecordingMatch', () => {
  const wanted = { title: 'Numb', artist: 'Linkin Park', album: 'Meteora', durationMs: 187_000 };

  it('picks the matching recording and its original album', () => {
    const studio = recording('studio', 'Numb', 'Linkin Park', 187_500, [release('m', 'Meteora', '2003-03-25', 'Album')], '2003-03-25');
    const live = recording('live', 'Numb (Live)', 'Linkin Park', 190_000, [release('l', 'Live in Texas', '2003-11-18', 'Album', ['Live'])]);
    const cover = recording('cover', 'Numb', 'Some Cover Band', 187_000);
    const match = bestRecordingMatch([cover, live, studio], wanted);
    expect(match?.recording.id).toBe('studio');
    expect(match?.release?.id).toBe('m');
    expect(match?.score).toBeGreaterThan(0.95);
  });

  it('abstains when the only candidates are another version, another artist or far too long', () => {
    expect(bestRecordingMatch([recording('live', 'Numb (Live)', 'Linkin Park', 187_000)], wanted)).toBeNull();
    expect(bestRecordingMatch([recording('other', 'Numb', 'U2', 187_000)], wanted)).toBeNull();
    expect(bestRecordingMatch([recording('long', 'Numb', 'Linkin Park', 240_000)], wanted)).toBeNull();
  });

  it('accepts featured artists, "The" and accents, and breaks ties by the earliest release', () => {
    const a = recording('later', 'Hey Boy Hey Girl', 'Chemical Brothers', null, [], '2005-01-01');
    const b = recording('first', 'Hey Boy Hey Girl', 'The Chemical Brothers', null, [], '1999-06-21');
    expect(bestRecordingMatch([a, b], { title: 'Hey Boy Hey Girl', artist: 'The Chemical Brothers' })?.recording.id).toBe('first');
    const feat = recording('feat', 'Lovely', 'Billie Eilish & Khalid', 200_000);
    expect(bestRecordingMatch([feat], { title: 'lovely (with Khalid)', artist: 'Billie Eilish', durationMs: 200_000 })?.recording.id).toBe('feat');
    const accent = recording('acc', 'Neuköln', 'David Bowie', 274_000);
    expect(bestRecordingMatch([accent], { title: 'Neukoln', artist: 'david bowie', durationMs: 275_000 })?.recording.id).toBe('acc');
  });
});

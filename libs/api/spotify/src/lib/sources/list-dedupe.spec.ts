import { dedupeListTracks, normaliseForDedupe } from './list-dedupe';

describe('normaliseForDedupe', () => {
  it('prefers the Spotify id, then the ISRC', () => {
    expect(normaliseForDedupe({ spotifyId: 'abc', isrc: 'USUM71900764', title: 'x', artists: ['y'] })).toBe('spotify:abc');
    expect(normaliseForDedupe({ isrc: 'usum7-1900764', title: 'x', artists: ['y'] })).toBe('isrc:USUM71900764');
  });

  it('treats accents, case, "&", featuring credits and a leading "The" as the same song', () => {
    const a = normaliseForDedupe({ title: 'Hoppípolla (feat. Someone)', artists: ['The Sigur Rós'], durationMs: 268_000 });
    const b = normaliseForDedupe({ title: 'hoppipolla', artists: ['sigur ros'], durationMs: 269_000 });
    expect(a).toBe(b);
    expect(normaliseForDedupe({ title: 'Love & War', artists: ['X'] })).toBe(normaliseForDedupe({ title: 'Love and War', artists: ['x'] }));
  });

  it('keeps different durations (e.g. a live version) and different titles apart', () => {
    const studio = normaliseForDedupe({ title: 'Song', artists: ['A'], durationMs: 200_000 });
    expect(normaliseForDedupe({ title: 'Song', artists: ['A'], durationMs: 320_000 })).not.toBe(studio);
    expect(normaliseForDedupe({ title: 'Song 2', artists: ['A'], durationMs: 200_000 })).not.toBe(studio);
  });
});

describe('dedupeListTracks', () => {
  it('drops later duplicates found by any key, keeping order', () => {
    const list = [
      { spotifyId: 'id1', isrc: 'USUM71900764', title: 'One', artists: ['A'], durationMs: 200_000, position: 0 },
      { title: 'Two', artists: ['B'], position: 1 },
      { isrc: 'USUM71900764', title: 'One (Remastered)', artists: ['A'], position: 2 },
      { title: 'one', artists: ['a'], durationMs: 201_000, position: 3 },
      { title: 'Two', artists: ['B'], position: 4 },
    ];
    const { tracks, duplicates } = dedupeListTracks(list);
    expect(tracks.map((t) => t.position)).toEqual([0, 1]);
    expect(duplicates).toBe(3);
  });
});

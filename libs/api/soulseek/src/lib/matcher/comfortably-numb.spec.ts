import { matchTrack } from './rank';
import { flac, mp3, peer, rng, shuffle, track } from './spec-helpers';
import type { SlskdSearchResponse } from './types';

/** The worked example of MATCHING.md, rebuilt by hand: five right copies, seven decoys. */
const want = track({
  title: 'Comfortably Numb',
  artists: ['Pink Floyd'],
  album: 'The Wall',
  durationMs: 382_000,
  discNumber: 2,
  trackNumber: 6,
});

const ORIGINAL = '@@vinyl\\Music\\Pink Floyd\\The Wall\\CD2\\06 - Comfortably Numb.flac';
const REMASTER = 'D:\\Music\\Pink Floyd\\The Wall (2011 Remaster)\\Disc 2\\2-06 Comfortably Numb (2011 Remaster).flac';
const MP3_320 = 'Music\\Pink Floyd - The Wall [320]\\2-06 Pink Floyd - Comfortably Numb.mp3';
const MP3_128 = '@@old\\mp3\\Pink Floyd\\The Wall\\Comfortably Numb.mp3';
const COMPILATION = '@@comp\\VA - Classic Rock Anthems\\CD1\\04 Pink Floyd - Comfortably Numb.mp3';

function responses(): SlskdSearchResponse[] {
  return [
    peer('queued_flac', [flac(ORIGINAL, 382)], { hasFreeUploadSlot: false, queueLength: 6, uploadSpeed: 900_000 }),
    peer('fast_remaster', [
      flac(REMASTER, 383),
      // Pulse (live) without any live word: only the duration tells.
      flac('D:\\Music\\Pink Floyd\\Pulse\\CD2\\Comfortably Numb.flac', 569),
    ]),
    peer('slow_peer', [mp3(MP3_320, 381, 320)], { uploadSpeed: 5_000 }),
    peer('old_mp3s', [
      mp3(MP3_128, 382, 128),
      mp3('@@old\\mp3\\Pink Floyd\\Singles\\Pink Floyd - Comfortably Numb (Live).mp3', 382, 320),
      // 4 MB claiming 320 kbps for 6:22: truncated.
      mp3('@@old\\mp3\\Pink Floyd\\The Wall\\06 Comfortably Numb.mp3', 382, 320, { size: 4_000_000 }),
    ]),
    peer('compilations', [
      mp3(COMPILATION, 383, 160),
      mp3('@@comp\\Karaoke\\Sing Along Classics\\Comfortably Numb (Karaoke Version).mp3', 382, 192, {
        filename: '@@comp\\Pink Floyd Karaoke\\Sing Along Classics\\Pink Floyd - Comfortably Numb (Karaoke Version).mp3',
      }),
    ]),
    peer('cover_fan', [mp3('E:\\Scissor Sisters\\Scissor Sisters\\05 Comfortably Numb.mp3', 264, 320)]),
    peer('mystery', [
      mp3('Music\\Misc\\Comfortably Numb.mp3', null, 256),
      mp3('Music\\Pink Floyd\\Singles\\Pink Floyd - Numb.mp3', 382, 320),
    ]),
  ];
}

describe('worked example: Pink Floyd – Comfortably Numb', () => {
  const result = matchTrack(want, responses());

  it('ranks the five right copies: remaster FLAC (free), original FLAC (queued), 320, 128, compilation', () => {
    expect(result.ranked.map((c) => c.filename)).toEqual([REMASTER, ORIGINAL, MP3_320, MP3_128, COMPILATION]);
    expect(result.best?.username).toBe('fast_remaster');
  });

  it('rejects all seven decoys, each with a reason the UI can show', () => {
    const reasons = Object.fromEntries(
      result.rejected.map((c) => [c.filename.split('\\').slice(-2).join('\\'), c.verdict.accept ? 'accepted' : c.verdict.reason]),
    );
    expect(reasons).toEqual({
      'CD2\\Comfortably Numb.flac': 'wrong_duration',
      'Singles\\Pink Floyd - Comfortably Numb (Live).mp3': 'version_mismatch',
      'The Wall\\06 Comfortably Numb.mp3': 'truncated',
      'Sing Along Classics\\Pink Floyd - Comfortably Numb (Karaoke Version).mp3': 'version_mismatch',
      'Scissor Sisters\\05 Comfortably Numb.mp3': 'artist_missing',
      'Misc\\Comfortably Numb.mp3': 'artist_missing',
      'Singles\\Pink Floyd - Numb.mp3': 'title_mismatch',
    });
  });

  it('marks the album copies as strong identity and the compilation copy as weaker', () => {
    const byFile = new Map(result.ranked.map((c) => [c.filename, c.verdict]));
    expect(byFile.get(ORIGINAL)?.band).toBe(1);
    expect(byFile.get(REMASTER)?.band).toBe(1);
    expect(byFile.get(COMPILATION)?.identity).toBeLessThan(byFile.get(MP3_128)?.identity ?? 0);
    expect(byFile.get(REMASTER)?.availClass).toBe(0);
    expect(byFile.get(ORIGINAL)?.availClass).toBe(1);
  });

  it('gives the same ranking whatever order slskd returns responses and files in', () => {
    const random = rng(7);
    for (let round = 0; round < 20; round++) {
      const shuffled = shuffle(responses(), random).map((r) => ({ ...r, files: shuffle(r.files, random) }));
      const again = matchTrack(want, shuffled);
      expect(again.ranked.map((c) => c.filename)).toEqual(result.ranked.map((c) => c.filename));
    }
  });

  it('puts the slow peer last among equals with "speed first"', () => {
    const fast = matchTrack(want, responses(), { speedFirst: true });
    expect(fast.ranked[0].filename).toBe(REMASTER);
    expect(fast.ranked.map((c) => c.filename).indexOf(MP3_320)).toBeGreaterThan(fast.ranked.map((c) => c.filename).indexOf(MP3_128));
  });
});

import { matchTrack, type MatchOptions } from './rank';
import { BALANCED, SPACE_SAVER } from './profiles';
import { flac, mp3, peer, track } from './spec-helpers';
import type { SlskdSearchResponse, Verdict, WantedTrack } from './types';

function verdicts(want: WantedTrack, responses: SlskdSearchResponse[], options: MatchOptions = {}): Map<string, Verdict> {
  const r = matchTrack(want, responses, options);
  const m = new Map<string, Verdict>();
  for (const c of [...r.ranked, ...r.rejected]) m.set(c.filename, c.verdict);
  return m;
}

function reasonOf(want: WantedTrack, file: ReturnType<typeof flac>, options: MatchOptions = {}, extra: Partial<SlskdSearchResponse> = {}): string {
  const v = verdicts(want, [peer('u1', [file], extra)], options).get(file.filename);
  if (!v) throw new Error('no verdict');
  return v.accept ? 'accepted' : v.reason;
}

const numb = track({ title: 'Numb', artists: ['Linkin Park'], album: 'Meteora', durationMs: 187_000, trackNumber: 13 });

describe('hard filters', () => {
  it('accepts a plain album copy (control case)', () => {
    expect(reasonOf(numb, flac('@@a\\Music\\Linkin Park\\Meteora\\13 - Numb.flac', 187))).toBe('accepted');
  });

  it('rejects locked files even when they are the right song', () => {
    const file = flac('@@a\\Music\\Linkin Park\\Meteora\\13 - Numb.flac', 187);
    const v = verdicts(numb, [peer('u1', [], { lockedFiles: [file] })]).get(file.filename);
    expect(v).toEqual({ accept: false, reason: 'locked' });
  });

  it('rejects non-audio files and formats the profile does not allow', () => {
    expect(reasonOf(numb, { filename: '@@a\\Linkin Park\\Meteora\\Meteora.cue', size: 4000, extension: '' })).toBe('not_audio');
    expect(reasonOf(numb, { filename: '@@a\\Linkin Park\\Meteora\\Numb (Official Video).mp4', size: 9e7, extension: 'mp4', length: 190 })).toBe('not_audio');
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Meteora\\13 - Numb.flac', 187), { profile: SPACE_SAVER })).toBe('format_not_allowed');
  });

  it('rejects blocked users, files rejected before and users with two recent failures', () => {
    const file = flac('@@a\\Music\\Linkin Park\\Meteora\\13 - Numb.flac', 187);
    const key = `u1\\${file.filename}`;
    expect(reasonOf(numb, file, { history: { blockedUsers: new Set(['u1']) } })).toBe('blocked_user');
    expect(reasonOf(numb, file, { history: { rejectedFiles: new Set([key]) } })).toBe('blocked_file');
    const stats = new Map([['u1', { successes: 3, failures: 2, recentFailures: 2 }]]);
    expect(reasonOf(numb, file, { history: { userStats: stats } })).toBe('blocked_user');
  });

  it('requires the artist somewhere in the path', () => {
    expect(reasonOf(numb, flac('@@a\\Music\\Rihanna\\Unapologetic\\05 Numb.flac', 187))).toBe('artist_missing');
    expect(reasonOf(numb, flac('@@a\\Music\\Playlist\\NUMB.flac', 187))).toBe('artist_missing');
    // In a folder is enough.
    expect(reasonOf(numb, flac('@@a\\Music\\Linkin Park\\Singles\\Numb.flac', 187))).toBe('accepted');
    // Unless the file name itself names someone else.
    const creep = track({ title: 'Creep', artists: ['Radiohead'], album: 'Pablo Honey', durationMs: 238_000 });
    expect(reasonOf(creep, mp3('E:\\MP3\\Hits of Radiohead on Ukulele\\Amanda Palmer - Creep.mp3', 238, 320))).toBe('artist_missing');
  });

  it("requires the wanted remixer's name in the file name", () => {
    const cinema = track({ title: 'Cinema - Skrillex Remix', artists: ['Benny Benassi', 'Gary Go'], album: 'Cinema (Remixes)', durationMs: 243_000 });
    expect(reasonOf(cinema, flac('@@a\\Benny Benassi\\Singles\\Benny Benassi - Cinema (Skrillex Remix).flac', 243))).toBe('accepted');
    expect(reasonOf(cinema, flac('@@a\\Benny Benassi\\Singles\\Benny Benassi - Cinema (Remix).flac', 243))).toBe('required_phrase_missing');
  });

  it('rejects version markers in the file name residual and in the album folder', () => {
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Meteora\\13 - Numb (Live).flac', 187))).toBe('version_mismatch');
    expect(reasonOf(numb, mp3('@@a\\Linkin Park\\Singles\\Linkin Park - Numb (Karaoke Version).mp3', 187, 320))).toBe('version_mismatch');
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Live in Texas\\05 - Numb.flac', 187))).toBe('version_mismatch');
    expect(reasonOf(numb, flac('@@a\\Karaoke\\Sunfly Hits 20\\08 Linkin Park - Numb.flac', 187))).toBe('version_mismatch');
    expect(reasonOf(numb, mp3('@@a\\Linkin Park\\Singles\\Linkin Park - Numb (Sander Van Doorn Mix).mp3', 187, 320))).toBe('version_mismatch');
    // A "Remixes" folder is only a hint: the original mix often sits there too.
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Numb (Remixes)\\01 Linkin Park - Numb.flac', 187))).toBe('accepted');
  });

  it('never treats words of the wanted title or artist as version markers', () => {
    const liveForever = track({ title: 'Live Forever - Remastered', artists: ['Oasis'], album: 'Definitely Maybe', durationMs: 276_000, trackNumber: 5 });
    expect(reasonOf(liveForever, flac('@@a\\Oasis\\Definitely Maybe\\05 - Live Forever.flac', 276))).toBe('accepted');
    expect(reasonOf(liveForever, flac('@@a\\Oasis\\Definitely Maybe\\05 - Live Forever (Live).flac', 276))).toBe('version_mismatch');
    const band = track({ title: 'Lightning Crashes', artists: ['Live'], album: 'Throwing Copper', durationMs: 325_000, trackNumber: 7 });
    expect(reasonOf(band, flac('@@a\\Live\\Throwing Copper\\07 Live - Lightning Crashes.flac', 325))).toBe('accepted');
    const alive = track({ title: "Stayin' Alive", artists: ['Bee Gees'], album: 'Saturday Night Fever', durationMs: 285_000 });
    expect(reasonOf(alive, flac("@@a\\Bee Gees\\Saturday Night Fever\\01 Bee Gees - Stayin' Alive.flac", 285))).toBe('accepted');
  });

  it('rejects other titles: contained, containing and short near-misses', () => {
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Greatest Hits\\11 - Beyond Numb.flac', 187))).toBe('title_mismatch');
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Singles\\Numb Tonight.flac', 187))).toBe('title_mismatch');
    const believe = track({ title: 'Believe', artists: ['Cher'], album: 'Believe', durationMs: 239_000 });
    expect(reasonOf(believe, flac('@@a\\Cher\\Singles\\Cher - Believe In Me.flac', 239))).toBe('title_mismatch');
    const honey = track({ title: 'Wild Honey Pie', artists: ['The Beatles'], album: 'The Beatles', durationMs: 52_000 });
    expect(reasonOf(honey, flac('@@a\\The Beatles\\The Beatles\\Honey Pie.flac', 52))).toBe('title_mismatch');
  });

  it('rejects lengths outside max(8 s, 4 %) and accepts small drifts', () => {
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Meteora\\13 - Numb.flac', 193))).toBe('accepted');
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Meteora\\13 - Numb.flac', 197))).toBe('wrong_duration');
    const long = track({ title: 'Comfortably Numb', artists: ['Pink Floyd'], album: 'The Wall', durationMs: 382_000 });
    // 4 % of 382 s is 15 s.
    expect(reasonOf(long, flac('@@a\\Pink Floyd\\The Wall\\Comfortably Numb.flac', 395))).toBe('accepted');
    expect(reasonOf(long, flac('@@a\\Pink Floyd\\The Wall\\Comfortably Numb.flac', 399))).toBe('wrong_duration');
  });

  it('allows an unknown length only with strong text evidence', () => {
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Meteora\\13 - Numb.flac', null))).toBe('accepted');
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Singles\\Numb.flac', null))).toBe('unknown_duration');
    // A CBR size gives the length away: this "Numb" is 2½ minutes long.
    expect(reasonOf(numb, mp3('@@a\\Linkin Park\\Meteora\\13 - Numb.mp3', null, 320, { size: Math.round((150 * 320000) / 8) }))).toBe('wrong_duration');
  });

  it('rejects files too small for their length and bitrate', () => {
    expect(reasonOf(numb, mp3('@@a\\Linkin Park\\Meteora\\13 - Numb.mp3', 187, 320, { size: 4_000_000 }))).toBe('truncated');
    expect(reasonOf(numb, flac('@@a\\Linkin Park\\Meteora\\13 - Numb.flac', 187, { size: 5_000_000 }))).toBe('truncated');
    // Slightly small is only a quality penalty.
    const v = verdicts(numb, [peer('u1', [mp3('@@a\\Linkin Park\\Meteora\\13 - Numb.mp3', 187, 320, { size: 5_400_000 })])]);
    const accepted = [...v.values()][0];
    expect(accepted.accept && accepted.reasons).toContain('size and bitrate disagree');
  });

  it('applies profile bitrate limits, words and size limits', () => {
    const lowFile = mp3('@@a\\Linkin Park\\Meteora\\13 - Numb.mp3', 187, 128);
    expect(reasonOf(numb, lowFile, { profile: { ...BALANCED, minBitrate: 192 } })).toBe('below_profile');
    expect(reasonOf(numb, lowFile)).toBe('accepted');
    const file = flac('@@a\\Linkin Park\\Meteora (Vinyl Rip)\\13 - Numb.flac', 187);
    expect(reasonOf(numb, file, { profile: { ...BALANCED, ignoredWords: ['vinyl'] } })).toBe('banned_word');
    expect(reasonOf(numb, file, { profile: { ...BALANCED, requiredWords: ['web'] } })).toBe('required_word_missing');
    expect(reasonOf(numb, file, { profile: { ...BALANCED, maxSizeBytes: 1_000_000 } })).toBe('size_limit');
  });

  it('keeps weak identities as "possible matches" with their score', () => {
    const comp = track({ title: 'Numb', artists: ['Linkin Park'], album: 'Meteora', durationMs: 187_000, trackNumber: 13, explicit: true });
    const file = mp3('@@a\\Various Artists\\Bravo Hits 40\\07 - Numb (Clean).mp3', 193, 192, { filename: '@@a\\Linkin Park\\Bravo Hits 40\\07 - Numb (Clean).mp3' });
    const v = verdicts(comp, [peer('u1', [file])]).get(file.filename);
    expect(v?.accept).toBe(false);
    expect(v && !v.accept && v.reason).toBe('low_identity');
    expect(v && !v.accept && v.identity).toBeGreaterThan(40);
  });

  it('treats unknown words after the title as an unknown version, but not scene group tags', () => {
    const karma = track({ title: 'Karma Police', artists: ['Radiohead'], album: 'OK Computer', durationMs: 261_000, trackNumber: 6 });
    expect(reasonOf(karma, flac('@@a\\Radiohead\\Singles\\Radiohead - Karma Police (Wembley 1997).flac', 261))).toBe('title_mismatch');
    // Names inside an edition credit are not a version.
    expect(reasonOf(karma, flac('@@a\\Radiohead\\Singles\\Radiohead - Karma Police (Remastered by Bob Ludwig).flac', 261))).toBe('accepted');
    expect(reasonOf(karma, flac('@@a\\Radiohead-OK_Computer-1997\\06-radiohead-karma_police-mod.flac', 261))).toBe('accepted');
    expect(reasonOf(karma, flac('@@a\\Radiohead-OK_Computer-1997\\06-radiohead-karma_police-live.flac', 261))).toBe('version_mismatch');
  });

  it('rejects a featured artist the wanted track does not credit, also for wanted remixes', () => {
    const otr = track({ title: 'Old Town Road (feat. Billy Ray Cyrus) - Remix', artists: ['Lil Nas X', 'Billy Ray Cyrus'], album: '7 EP', durationMs: 157_000 });
    expect(reasonOf(otr, mp3('@@a\\Lil Nas X\\7 EP\\02 Old Town Road (Remix) [feat. Billy Ray Cyrus].mp3', 157, 320))).toBe('accepted');
    expect(reasonOf(otr, mp3('@@a\\Lil Nas X\\7 EP\\02 Old Town Road (Remix) [feat. Young Thug].mp3', 157, 320))).toBe('version_mismatch');
    expect(reasonOf(otr, mp3('@@a\\Lil Nas X\\Singles\\Old Town Road [Diplo Remix].mp3', 157, 320))).toBe('version_mismatch');
  });

  it('accepts a plain-named copy of a wanted radio edit when its length is the edit length', () => {
    const sandstorm = track({ title: 'Sandstorm - Radio Edit', artists: ['Darude'], album: 'Before the Storm', durationMs: 225_000 });
    expect(reasonOf(sandstorm, mp3('@@a\\Darude\\Singles\\Darude - Sandstorm.mp3', 226, 320))).toBe('accepted');
    expect(reasonOf(sandstorm, mp3('@@a\\Darude\\Singles\\Darude - Sandstorm.mp3', 233, 320))).toBe('low_identity');
  });

  it('accepts the other-script form of a title given in brackets', () => {
    const ikon = track({ title: '사랑을 했다 (LOVE SCENARIO)', artists: ['iKON'], album: 'Return', durationMs: 209_000 });
    expect(reasonOf(ikon, mp3('@@a\\iKON\\Return\\iKON - Love Scenario.mp3', 209, 320))).toBe('accepted');
    expect(reasonOf(ikon, mp3('@@a\\iKON\\Return\\iKON - 사랑을 했다.mp3', 209, 320))).toBe('accepted');
  });

  it("does not take the original album folder for a re-recording (Taylor's Version)", () => {
    const story = track({ title: "Love Story (Taylor's Version)", artists: ['Taylor Swift'], album: "Fearless (Taylor's Version)", durationMs: 235_000, trackNumber: 3 });
    expect(reasonOf(story, flac('@@a\\Taylor Swift\\Fearless (2008)\\03 Love Story.flac', 235))).toBe('low_identity');
    expect(reasonOf(story, flac("@@a\\Taylor Swift\\Fearless (Taylor's Version)\\03 Love Story.flac", 235))).toBe('accepted');
    expect(reasonOf(story, flac("@@a\\Taylor Swift\\Singles\\Love Story (Taylor's Version).flac", 235))).toBe('accepted');
  });

  it('takes the wanted live album folder as showing the live version', () => {
    const pulse = track({ title: 'Comfortably Numb (Live)', artists: ['Pink Floyd'], album: 'Pulse (Live)', durationMs: 569_000 });
    expect(reasonOf(pulse, flac('@@a\\Pink Floyd\\Pulse\\CD2\\Comfortably Numb.flac', 569))).toBe('accepted');
    expect(reasonOf(pulse, flac('@@a\\Pink Floyd\\The Wall\\CD2\\Comfortably Numb.flac', 569))).toBe('low_identity');
  });
});

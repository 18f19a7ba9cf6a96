import { matchTrack } from './rank';
import { flac, mp3, peer, rng, shuffle, track } from './spec-helpers';
import type { SlskdSearchFile, SlskdSearchResponse, WantedTrack } from './types';

/**
 * Property tests over generated search results (seeded, so failures reproduce): the ranking
 * must not depend on response order, usernames or the presence of wrong files.
 */
const wants: WantedTrack[] = [
  track({ title: 'Karma Police', artists: ['Radiohead'], album: 'OK Computer', durationMs: 261_000, trackNumber: 6 }),
  track({ title: 'Hey Jude - Remastered 2015', artists: ['The Beatles'], album: '1', durationMs: 425_000, trackNumber: 21, albumType: 'compilation' }),
  track({ title: 'Titanium (feat. Sia)', artists: ['David Guetta', 'Sia'], album: 'Nothing but the Beat', durationMs: 245_000, trackNumber: 9 }),
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function goodFile(w: WantedTrack, random: () => number): SlskdSearchFile {
  const artist = w.artists[0];
  const title = w.title.replace(/ - Remastered \d+/, '').replace(/ \(feat\. [^)]*\)/, '');
  const len = Math.round(w.durationMs / 1000 + (random() * 4 - 2));
  const folder = pick([`${artist}\\${w.album}`, `${artist} - ${w.album} (2011)`, `${artist}\\Singles`], random);
  const name = pick([`${String(w.trackNumber).padStart(2, '0')} - ${title}`, `${artist} - ${title}`, `${title}`], random);
  const root = pick(['@@abc\\Music', 'D:\\Music', 'Music'], random);
  return random() < 0.5
    ? flac(`${root}\\${folder}\\${name}.flac`, len)
    : mp3(`${root}\\${folder}\\${name}.mp3`, len, pick([192, 256, 320], random));
}

function decoy(w: WantedTrack, random: () => number): SlskdSearchFile {
  const artist = w.artists[0];
  const title = w.title.replace(/ - Remastered \d+/, '').replace(/ \(feat\. [^)]*\)/, '');
  const len = Math.round(w.durationMs / 1000);
  const kind = Math.floor(random() * 7);
  switch (kind) {
    case 0:
      return mp3(`Music\\${artist}\\Live at Wembley\\${title}.mp3`, len, 320);
    case 1:
      return flac(`Music\\${artist}\\Singles\\${artist} - ${title} (Karaoke Version).flac`, len);
    case 2:
      return mp3(`Music\\Other Band\\Other Album\\Other Band - ${title}.mp3`, len, 320);
    case 3:
      return mp3(`Music\\${artist}\\${w.album}\\${title}.mp3`, len, 320, { size: 2_000_000 });
    case 4:
      return flac(`Music\\${artist}\\Singles\\${title}.flac`, len + 70);
    case 5:
      return mp3(`Music\\${artist}\\Singles\\${artist} - ${title} (Purple Disco Machine Remix).mp3`, len, 320);
    default:
      return mp3(`Music\\${artist}\\Singles\\${artist} - ${title} (Sped Up).mp3`, Math.round(len * 0.8), 256);
  }
}

function scenario(w: WantedTrack, random: () => number): SlskdSearchResponse[] {
  const peers: SlskdSearchResponse[] = [];
  const n = 3 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) {
    const files: SlskdSearchFile[] = [];
    const k = 1 + Math.floor(random() * 3);
    for (let j = 0; j < k; j++) files.push(random() < 0.5 ? goodFile(w, random) : decoy(w, random));
    peers.push(
      peer(`user${i}_${Math.floor(random() * 1e6)}`, files, {
        hasFreeUploadSlot: random() < 0.6,
        queueLength: Math.floor(random() * 30),
        uploadSpeed: Math.floor(random() * 3_000_000),
      }),
    );
  }
  return peers;
}

const key = (c: { username: string; filename: string }): string => `${c.username}|${c.filename}`;

describe('matcher properties', () => {
  it('adding a wrong file never changes the pick', () => {
    const random = rng(42);
    let checked = 0;
    for (let round = 0; round < 60; round++) {
      const w = pick(wants, random);
      const base = scenario(w, random);
      const before = matchTrack(w, base).best;
      const extra = decoy(w, random);
      const withDecoy = random() < 0.5
        ? [...base, peer('newcomer', [extra])]
        : base.map((r, i) => (i === 0 ? { ...r, files: [...r.files, extra] } : r));
      const after = matchTrack(w, withDecoy).best;
      expect(after ? key(after) : null).toBe(before ? key(before) : null);
      checked += before ? 1 : 0;
    }
    // The generator must produce real picks, or this property says nothing.
    expect(checked).toBeGreaterThan(30);
  });

  it('renaming users changes nothing but hash tie-breaks', () => {
    const random = rng(9);
    for (let round = 0; round < 40; round++) {
      const w = pick(wants, random);
      const base = scenario(w, random);
      const renamed = base.map((r, i) => ({ ...r, username: `renamed-${i}-${Math.floor(random() * 1e9)}` }));
      const a = matchTrack(w, base).ranked;
      const b = matchTrack(w, renamed).ranked;
      const scores = (list: typeof a): string[] =>
        list.map((c) => `${c.verdict.band}/${c.verdict.qualityTier}/${c.verdict.availClass}/${c.verdict.composite}`);
      expect(scores(b)).toEqual(scores(a));
      // Where the first place is not a tie, the same file wins.
      if (a.length > 1 && scores(a)[0] !== scores(a)[1]) expect(b[0].filename).toBe(a[0].filename);
    }
  });

  it('returns the same ranking for any response and file order', () => {
    const random = rng(1234);
    for (let round = 0; round < 40; round++) {
      const w = pick(wants, random);
      const base = scenario(w, random);
      const expected = matchTrack(w, base);
      const shuffled = shuffle(base, random).map((r) => ({ ...r, files: shuffle(r.files, random) }));
      const got = matchTrack(w, shuffled);
      expect(got.ranked.map(key)).toEqual(expected.ranked.map(key));
      expect(got.rejected.map(key)).toEqual(expected.rejected.map(key));
    }
  });

  it('never puts more than two entries of one user in a row in the retry list', () => {
    const random = rng(5);
    for (let round = 0; round < 30; round++) {
      const w = pick(wants, random);
      const base = scenario(w, random);
      // One generous peer sharing many good copies.
      base.push(peer('hoarder', Array.from({ length: 6 }, () => goodFile(w, random))));
      const { retryList, ranked } = matchTrack(w, base);
      expect(retryList.length).toBeLessThanOrEqual(10);
      for (let i = 2; i < retryList.length; i++) {
        const same = retryList[i].username === retryList[i - 1].username && retryList[i - 1].username === retryList[i - 2].username;
        expect(same).toBe(false);
      }
      if (ranked.length > 0) expect(retryList[0]).toBe(ranked[0]);
    }
  });
});

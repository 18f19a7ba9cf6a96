/**
 * The synthetic search result both matcher benchmarks rank (bench-matcher.ts and bench-engine.ts): one
 * wanted track and `total` candidates from 20-file peers, mixing good copies with the usual decoys.
 */
import type { SlskdSearchFile, SlskdSearchResponse, WantedTrack } from '../../libs/api/soulseek/src/lib/matcher';

export const want: WantedTrack = {
  title: 'Comfortably Numb - 2011 Remaster',
  artists: ['Pink Floyd'],
  album: 'The Wall',
  durationMs: 382_000,
  trackNumber: 6,
  discNumber: 2,
  albumType: 'album',
};

const variants = [
  (i: number) => `@@r${i}\\Music\\Pink Floyd\\The Wall\\CD2\\06 - Comfortably Numb.flac`,
  (i: number) => `D:\\Music\\Pink Floyd - The Wall (2011 Remaster) [FLAC]\\Disc 2\\2-06 Pink Floyd - Comfortably Numb.flac`.replace('D:', `D${i}:`),
  (i: number) => `Music${i}\\Pink Floyd\\Pulse\\CD2\\Comfortably Numb (Live).mp3`,
  (i: number) => `Music${i}\\Karaoke\\Sing Along\\Pink Floyd - Comfortably Numb (Karaoke Version).mp3`,
  (i: number) => `Music${i}\\Scissor Sisters\\Scissor Sisters\\05 Comfortably Numb.mp3`,
  (i: number) => `Music${i}\\Pink Floyd\\The Wall\\cover.jpg`,
  (i: number) => `Music${i}\\VA - Classic Rock Anthems\\CD1\\04 Pink Floyd - Comfortably Numb.mp3`,
  (i: number) => `Music${i}\\Pink Floyd\\The Wall\\06 Hey You.flac`,
];

/** `salt` makes every file name new, so no parse cache can help (a cold run). */
export function responses(total: number, salt = ''): SlskdSearchResponse[] {
  const peers: SlskdSearchResponse[] = [];
  const perPeer = 20;
  for (let p = 0; p < total / perPeer; p++) {
    const files: SlskdSearchFile[] = [];
    for (let f = 0; f < perPeer; f++) {
      const i = p * perPeer + f;
      const name = variants[i % variants.length](i).replace(/(\.\w+)$/, `${salt}$1`);
      const lossless = name.endsWith('.flac');
      const length = 380 + (i % 7);
      files.push({
        filename: name,
        size: lossless ? length * 110_000 : length * 40_000,
        extension: '',
        length: i % 9 === 0 ? undefined : length,
        bitRate: lossless ? undefined : 320,
      });
    }
    peers.push({ username: `peer${p}`, uploadSpeed: 50_000 + p * 997, queueLength: p % 13, hasFreeUploadSlot: p % 3 === 0, files, lockedFiles: [] });
  }
  return peers;
}


/**
 * Timing figures for the matcher (not a test):
 *   TS_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register -r tsconfig-paths/register tools/scripts/bench-matcher.ts [--cases dev.json]
 * Ranks one wanted track against 5,000 generated candidates (mixed good copies and decoys,
 * 250 peers × 20 files) and reports the median of several runs; with --cases also the time
 * for a whole benchmark set.
 */
import { readFileSync } from 'node:fs';
import { matchTrack, type SlskdSearchFile, type SlskdSearchResponse, type WantedTrack } from '../../libs/api/soulseek/src/lib/matcher';

const want: WantedTrack = {
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
function responses(total: number, salt = ''): SlskdSearchResponse[] {
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU milliseconds (user + system) of this process: robust when other jobs load the machine. */
function cpu(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const set = responses(5000);
for (let i = 0; i < 3; i++) matchTrack(want, set); // warm-up (JIT)
const runs = Array.from({ length: 15 }, () => time(() => matchTrack(want, set)));
const cpuRuns = Array.from({ length: 15 }, () => cpu(() => matchTrack(want, set)));
const accepted = matchTrack(want, set).ranked.length;
// Cold: every run sees file names it has never parsed (" 1" … " 15" appended to each name).
const coldSets = Array.from({ length: 15 }, (_, k) => responses(5000, ` ${k + 1}`));
const coldCpu = coldSets.map((s) => cpu(() => matchTrack(want, s)));
process.stdout.write(
  `5,000 candidates (${accepted} accepted): wall median ${median(runs).toFixed(1)} ms (min ${Math.min(...runs).toFixed(1)}), ` +
    `CPU median ${median(cpuRuns).toFixed(1)} ms (min ${Math.min(...cpuRuns).toFixed(1)}) over ${runs.length} runs; ` +
    `cold (new file names) CPU median ${median(coldCpu).toFixed(1)} ms\n`,
);

const at = process.argv.indexOf('--cases');
if (at >= 0 && process.argv[at + 1]) {
  const cases = JSON.parse(readFileSync(process.argv[at + 1], 'utf8')) as Array<{ want: WantedTrack & { albumTrackCount?: number }; responses: SlskdSearchResponse[] }>;
  const files = cases.reduce((n, c) => n + c.responses.reduce((m, r) => m + r.files.length + (r.lockedFiles?.length ?? 0), 0), 0);
  const setRuns = Array.from({ length: 5 }, () => time(() => cases.forEach((c) => matchTrack(c.want, c.responses))));
  const setCpu = Array.from({ length: 5 }, () => cpu(() => cases.forEach((c) => matchTrack(c.want, c.responses))));
  process.stdout.write(
    `${cases.length} cases (${files} files): wall median ${median(setRuns).toFixed(0)} ms, CPU median ${median(setCpu).toFixed(0)} ms\n`,
  );
}

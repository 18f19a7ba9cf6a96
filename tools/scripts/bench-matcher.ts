/**
 * Timing figures for the matcher (not a test):
 *   TS_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register -r tsconfig-paths/register tools/scripts/bench-matcher.ts [--cases dev.json]
 * Ranks one wanted track against 5,000 generated candidates (mixed good copies and decoys,
 * 250 peers × 20 files) and reports the median of several runs; with --cases also the time
 * for a whole benchmark set.
 */
import { readFileSync } from 'node:fs';
import { matchTrack, type SlskdSearchResponse, type WantedTrack } from '../../libs/api/soulseek/src/lib/matcher';
import { responses, want } from '../bench/matcher-fixtures';

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

/**
 * Benchmark CLI for the matcher (contract: shared MATCHING.md, "Measuring it").
 *   npm run --silent match -- --cases PATH/TO/cases.json
 * Prints one JSON line per case: {"id": "...", "pick": {"username", "filename"} | null}.
 * No database, Redis or network: the same pure matcher the download engine uses.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PROFILE, matchTrack, type SlskdSearchResponse, type WantedTrack } from '../../libs/api/soulseek/src/lib/matcher';

interface BenchWant {
  title: string;
  artists: string[];
  album: string;
  albumType?: 'album' | 'single' | 'compilation';
  albumTrackCount?: number;
  totalTracks?: number;
  trackNumber?: number;
  discNumber?: number;
  durationMs: number;
  explicit?: boolean;
  isrc?: string;
}

interface BenchCase {
  id: string;
  want: BenchWant;
  responses: SlskdSearchResponse[];
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run --silent match -- --cases PATH [--speed-first]\n`);
  process.exit(2);
}

function toWanted(w: BenchWant): WantedTrack {
  return {
    title: w.title,
    artists: w.artists,
    album: w.album,
    albumType: w.albumType,
    totalTracks: w.totalTracks ?? w.albumTrackCount,
    durationMs: w.durationMs,
    isrc: w.isrc,
    trackNumber: w.trackNumber,
    discNumber: w.discNumber,
    explicit: w.explicit,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--cases');
  const path = at >= 0 ? args[at + 1] : undefined;
  if (!path) usage('missing --cases');
  const speedFirst = args.includes('--speed-first');
  let cases: BenchCase[];
  try {
    cases = JSON.parse(readFileSync(path, 'utf8')) as BenchCase[];
  } catch (e) {
    usage(`cannot read ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(cases)) usage('cases file must hold a JSON array');
  const started = process.hrtime.bigint();
  const lines: string[] = [];
  for (const c of cases) {
    const result = matchTrack(toWanted(c.want), c.responses ?? [], { profile: DEFAULT_PROFILE, speedFirst });
    const pick = result.best ? { username: result.best.username, filename: result.best.filename } : null;
    lines.push(JSON.stringify({ id: c.id, pick }));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
  process.stderr.write(`matched ${cases.length} cases in ${ms.toFixed(0)} ms\n`);
}

main();

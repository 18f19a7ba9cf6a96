/*
 * Throughput of the post-processing file path: writeTags -> render library path -> safeMove.
 * Usage: npm run ts tools/scripts/bench-tags.ts [filesPerFormat=100] [seconds=30]
 * Prints figures only; it is not a test.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTags } from '../../libs/api/metadata/src/lib/tags/write-tags';
import { readAudioInfo } from '../../libs/api/metadata/src/lib/tags/read-audio-info';
import { buildLibraryPath, DEFAULT_TEMPLATES } from '../../libs/api/library/src/lib/naming/naming-template';
import { safeMove } from '../../libs/api/library/src/lib/files/safe-move';

const perFormat = Number(process.argv[2] ?? 100);
const durationSeconds = Number(process.argv[3] ?? 30);
const FORMATS: Record<string, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '320k'],
  flac: ['-c:a', 'flac'],
  m4a: ['-c:a', 'aac', '-f', 'mp4'],
  opus: ['-c:a', 'libopus'],
};

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'soulspot-bench-'));
  try {
    const fixtures = join(work, 'fixtures');
    mkdirSync(fixtures);
    const coverPath = join(fixtures, 'cover.jpg');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=s=600x600', '-frames:v', '1', coverPath]);
    const cover = readFileSync(coverPath);
    console.log(`cover: ${cover.length} bytes; ${perFormat} files per format, ${durationSeconds} s of pink noise each (realistic file sizes)`);

    for (const [ext, args] of Object.entries(FORMATS)) {
      const fixture = join(fixtures, `tone.${ext}`);
      execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `anoisesrc=d=${durationSeconds}:c=pink:a=0.2`, '-ac', '2', ...args, fixture]);
      const downloads = join(work, `downloads-${ext}`);
      mkdirSync(downloads);
      const sources = Array.from({ length: perFormat }, (_, i) => {
        const path = join(downloads, `download-${i}.${ext}`);
        copyFileSync(fixture, path);
        return path;
      });
      const library = join(work, `library-${ext}`);

      let tagMs = 0;
      let moveMs = 0;
      let readMs = 0;
      const started = process.hrtime.bigint();
      for (const [i, source] of sources.entries()) {
        const t0 = process.hrtime.bigint();
        const info = await readAudioInfo(source);
        const t1 = process.hrtime.bigint();
        await writeTags(source, {
          title: `Track ${i} 日本語`,
          artists: ['Artist A', 'Artist B'],
          albumArtist: 'Artist A',
          album: 'Benchmark Album',
          trackNumber: (i % 20) + 1,
          trackTotal: 20,
          discNumber: Math.floor(i / 20) + 1,
          discTotal: Math.ceil(perFormat / 20),
          date: '2024-01-02',
          genres: ['Electronic'],
          isrc: 'XXAAA2400001',
          musicBrainz: { recordingId: '11111111-1111-4111-8111-111111111111', artistIds: ['a', 'b'] },
          frontCover: { data: cover, mimeType: 'image/jpeg' },
        });
        const t2 = process.hrtime.bigint();
        const target = buildLibraryPath(library, DEFAULT_TEMPLATES.standard, {
          artistName: 'Artist A',
          albumTitle: 'Benchmark Album',
          releaseYear: 2024,
          trackTitle: `Track ${i} 日本語`,
          trackNumber: (i % 20) + 1,
          discNumber: Math.floor(i / 20) + 1,
          totalDiscs: Math.ceil(perFormat / 20),
          extension: ext,
        });
        await safeMove(source, join(target, '..'), target.slice(target.lastIndexOf('/') + 1), { forceCopy: process.env['BENCH_FORCE_COPY'] === '1' });
        const t3 = process.hrtime.bigint();
        readMs += Number(t1 - t0) / 1e6;
        tagMs += Number(t2 - t1) / 1e6;
        moveMs += Number(t3 - t2) / 1e6;
        if (!info.durationSeconds) throw new Error('no duration');
      }
      const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
      const size = readFileSync(fixture).length;
      console.log(
        `${ext.padEnd(4)} ${(size / 1024).toFixed(0).padStart(6)} KiB  ${((perFormat / totalMs) * 1000).toFixed(1).padStart(6)} files/s total  ` +
          `read ${(readMs / perFormat).toFixed(1)} ms  writeTags ${(tagMs / perFormat).toFixed(1)} ms  path+safeMove ${(moveMs / perFormat).toFixed(1)} ms per file`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/*
 * npm run bench:import → one JSON line {filesPerSec, mbRequestsPerTrack, ...}.
 *
 * mbRequestsPerTrack: Linkin Park's "Meteora" (13 tracks) imported one file at a time, each with the hints a
 * Spotify wanted track carries (artist, title, album, length, ISRC), against the fake MusicBrainz (1 request/s
 * enforced) — every request the fake saw, divided by 13. Cover, lyrics, tags and move run too.
 * filesPerSec: N local MP3s through tag + embedded cover (CAA, fetched once per release) + rename + move into a
 * fresh library, metadata already resolved (the per-file cost once MusicBrainz is cached), lyrics off.
 * Nothing touches the database: the pipeline saves into memory, as the worker saves into the imports row.
 */
import { Logger } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetadataClients, ImportPipeline, type ImportState, InMemoryLruCache, type PipelineSettings } from '@soulspot/api/metadata';
import { DEFAULT_TEMPLATES } from '@soulspot/api/library';
import { startFakeMetadata } from '@soulspot/fakes';

const FILES = Number(process.env['BENCH_IMPORT_FILES'] ?? 300);
const METEORA: Array<[string, number]> = [
  ['Foreword', 13000], ["Don't Stay", 187000], ['Somewhere I Belong', 213000], ['Lying from You', 175000], ['Hit the Floor', 164000],
  ['Easier to Run', 204000], ['Faint', 162000], ['Figure.09', 197000], ['Breaking the Habit', 196000], ['From the Inside', 175000],
  ["Nobody's Listening", 178000], ['Session', 144000], ['Numb', 187000],
];

function state(id: string, sourcePath: string, hints: ImportState['hints'], resolved: ImportState['resolved'] = null): ImportState {
  return { id, sourcePath, hints, resolved, steps: [], targetPath: null, expectedSha256: null, resultPath: null };
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const work = mkdtempSync(join(tmpdir(), 'soulspot-bench-import-'));
  const fake = await startFakeMetadata();
  try {
    const template = join(work, 'template.mp3');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', '-b:a', '128k', template]);
    const clients = createMetadataClients({
      appVersion: 'bench',
      contact: 'mailto:bench@soulspot.invalid',
      musicBrainzUrl: fake.urls.musicBrainz,
      coverArtArchiveUrl: fake.urls.coverArtArchive,
      lrclibUrl: fake.urls.lrclib,
      lastfmUrl: fake.urls.lastfm,
      deezerUrl: fake.urls.deezer,
      cache: new InMemoryLruCache(),
    });
    const pipeline = new ImportPipeline();
    const save = async (): Promise<void> => undefined;

    // 1. An album, track by track, all steps on.
    const album: PipelineSettings = {
      libraryPath: join(work, 'library-album'),
      templates: DEFAULT_TEMPLATES,
      steps: { musicbrainz: true, coverArt: true, lyrics: true, lastfmGenres: false },
    };
    fake.clearRequests();
    let releaseId: string | null = null;
    let resolvedTemplate: ImportState['resolved'] = null;
    for (const [index, [title, durationMs]] of METEORA.entries()) {
      const source = join(work, `album-${index}.mp3`);
      copyFileSync(template, source);
      const s = state(`album-${index}`, source, { artist: 'Linkin Park', title, album: 'Meteora', durationMs, isrc: `USWB10300${471 + index}` });
      const outcome = await pipeline.run(s, { clients, settings: album, save });
      if (outcome.status !== 'done') throw new Error(`album track ${title}: ${outcome.error}`);
      if (s.steps.find((st) => st.name === 'metadata')?.status !== 'done') throw new Error(`album track ${title} not identified: ${JSON.stringify(s.steps)}`);
      releaseId = s.resolved?.musicBrainz.releaseId ?? releaseId;
      resolvedTemplate = s.resolved;
    }
    const mbRequests = fake.requestCount('musicbrainz');
    if (!releaseId || !resolvedTemplate) throw new Error('no release identified');

    // 2. Local files: tag + art + rename + move.
    const local: PipelineSettings = { ...album, libraryPath: join(work, 'library-local'), steps: { musicbrainz: true, coverArt: true, lyrics: false, lastfmGenres: false } };
    const states: ImportState[] = [];
    for (let i = 0; i < FILES; i++) {
      const source = join(work, `local-${i}.mp3`);
      copyFileSync(template, source);
      const base = resolvedTemplate;
      states.push(
        state(`local-${i}`, source, {}, {
          ...base,
          title: `Bench Track ${i}`,
          trackNumber: (i % 99) + 1,
          discNumber: Math.floor(i / 99) + 1,
          discTotal: Math.ceil(FILES / 99),
          musicBrainz: { ...base.musicBrainz },
        }),
      );
    }
    const started = process.hrtime.bigint();
    for (const s of states) {
      const outcome = await pipeline.run(s, { clients, settings: local, save });
      if (outcome.status !== 'done') throw new Error(`local file ${s.id}: ${outcome.error}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `${JSON.stringify({
        filesPerSec: Math.round((FILES / seconds) * 10) / 10,
        mbRequestsPerTrack: Math.round((mbRequests / METEORA.length) * 100) / 100,
        files: FILES,
        albumTracks: METEORA.length,
        mbRequests,
      })}\n`,
    );
  } finally {
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * Standalone fake metadata services for the demo and manual poking:
 *   npm run ts tools/fakes/src/metadata/main.ts -- --port 5050
 * binds MusicBrainz on 5050, CAA 5051, archive 5052, LRCLIB 5053, Last.fm 5054, Deezer 5055.
 */
import { startFakeMetadata } from './fake-metadata';

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const base = Number(argValue('--port') ?? 5050);
  if (!Number.isInteger(base) || base < 0 || base > 65530) throw new Error(`invalid --port ${String(argValue('--port'))}`);
  const at = (offset: number) => (base === 0 ? 0 : base + offset);
  const fake = await startFakeMetadata({
    ports: { musicbrainz: at(0), coverartarchive: at(1), archive: at(2), lrclib: at(3), lastfm: at(4), deezer: at(5) },
  });
  for (const [service, url] of Object.entries(fake.urls)) process.stdout.write(`${service.padEnd(16)} ${url}\n`);
  process.stdout.write(
    `catalogue: ${fake.catalogue.artists.size} artists, ${fake.catalogue.releases.size} releases, ${fake.catalogue.recordings.size} recordings\n`,
  );
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

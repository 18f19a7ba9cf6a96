/**
 * Standalone fake slskd for the demo and manual testing:
 *   npm run ts tools/fakes/src/slskd/main.ts -- --port 5030 --downloads ./data/fake-slskd-downloads
 * Options: --api-key KEY, --url-base /slskd, --version 0.26.0, --no-auth, --fast (test-like timings),
 * --duration SECONDS (write every downloaded file with this length), --verbose.
 */
import * as path from 'node:path';
import { generateDefaultSlskdCatalogue } from './catalogue';
import { startFakeSlskd } from './server';

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const downloads = arg('downloads');
  const duration = arg('duration');
  const fake = await startFakeSlskd({
    port: Number(arg('port') ?? 5030),
    apiKey: arg('api-key'),
    urlBase: arg('url-base'),
    version: arg('version'),
    noAuth: flag('no-auth'),
    verbose: flag('verbose'),
    downloadsDir: downloads ? path.resolve(downloads) : undefined,
    fileDurationOverride: duration ? Number(duration) : undefined,
    catalogue: generateDefaultSlskdCatalogue(),
    timing: flag('fast')
      ? { searchResponseDelayMs: [20, 300], transferStepMs: 50, remoteQueueStepMs: 200, maxTransferMs: 800, progressIntervalMs: 100 }
      : undefined,
  });
  process.stdout.write(
    `fake slskd listening on ${fake.url}\n  X-API-Key: ${fake.apiKey}\n  downloads: ${fake.downloadsDir}\n`,
  );
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

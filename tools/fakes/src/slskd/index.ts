/**
 * Fake slskd for tests, e2e and the demo (contract: /work/shared/contracts/slskd.md §11).
 *
 *   const fake = await startFakeSlskd({ catalogue: generateDefaultSlskdCatalogue(), fileDurationOverride: 2,
 *     timing: { searchResponseDelayMs: [20, 200], transferStepMs: 30, maxTransferMs: 300 } });
 *   // point the app at fake.url with X-API-Key fake.apiKey; files land in fake.downloadsDir
 *   fake.control.setTransferFault({ username: 'bob_320', times: 1 }, { kind: 'stall', atPercent: 40 });
 *   await fake.control.restart({ downtimeMs: 500 });
 *   await fake.close();
 *
 * Standalone: npm run ts tools/fakes/src/slskd/main.ts -- --port 5030 --downloads ./data/fake-slskd-downloads
 */
export * from './types';
export { startFakeSlskd, DEFAULT_FAKE_SLSKD_TIMING } from './server';
export {
  generateDefaultSlskdCatalogue,
  DEFAULT_SLSKD_CATALOGUE_ALBUMS,
  type SlskdCatalogueAlbum,
  type SlskdCatalogueTrack,
  type DefaultSlskdCatalogueOptions,
} from './catalogue';
export { AudioFileFactory as FakeAudioFileFactory } from './audio';
export { parseSearchText as parseSlskdSearchText, matchesQuery as matchesSlskdQuery } from './search-engine';

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

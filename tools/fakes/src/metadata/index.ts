export * from './catalogue';
export { FAKE_COVER_JPEG } from './cover-image';
export type { FakeMetadataServiceName, LoggedRequest } from './fake-http';
export * from './fake-metadata';
export type { FakeMusicBrainzOptions } from './musicbrainz.fake';
export type { FakeLastfmOptions } from './lastfm.fake';
export type { FakeDeezerOptions } from './deezer.fake';

export * from './list-track';
export * from './csv-list.parser';
export * from './text-list.parser';
export * from './m3u-list.parser';
export * from './list-dedupe';
export { parseDurationSeconds, parseSpotifyTrackId, parseIsrc, splitArtistTitle } from './list-text.util';
export * from './list-file';

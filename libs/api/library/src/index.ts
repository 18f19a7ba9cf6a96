export * from './lib/naming';
export * from './lib/files';
export * from './lib/library.module';
export * from './lib/wanted';
export * from './lib/playlists-export';

export * from './lib/clients';
export * from './lib/sources';
export * from './lib/spotify.module';
export * from './lib/connection/spotify-connection.service';
export * from './lib/sources-sync/source-sync.service';
export * from './lib/sources-sync/sources.service';
export * from './lib/jobs/spotify-sync-source.processor';
export * from './lib/jobs/spotify-sync.schedule';

export * from './lib/clients';
export * from './lib/sources';
export * from './lib/spotify.module';

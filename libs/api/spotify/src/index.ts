export * from './lib/api-spotify.module';

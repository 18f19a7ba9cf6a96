export * from './pkce';
export * from './spotify.errors';
export * from './spotify-accounts.client';
export * from './spotify.client';
export type { SkippedCounts, SkipReason } from './mappers/spotify-track.mapper';

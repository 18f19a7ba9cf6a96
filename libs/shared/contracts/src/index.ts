export * from './lib/errors';
export * from './lib/auth';
export * from './lib/system';
export * from './lib/settings';
export * from './lib/events';
export * from './lib/spotify';
export * from './lib/soulseek';
export * from './lib/library';

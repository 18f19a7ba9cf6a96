export * from './lib/errors';
export * from './lib/auth';
export * from './lib/system';
export * from './lib/settings';
export * from './lib/events';

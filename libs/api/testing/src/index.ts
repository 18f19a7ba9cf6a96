export * from './lib/test-database';
export * from './lib/test-config';
export * from './lib/http-session';

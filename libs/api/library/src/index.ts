export * from './lib/naming';
export * from './lib/files';

export * from './lib/all-entities';

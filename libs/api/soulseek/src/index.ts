export * from './lib/matcher';
export * from './lib/clients';

export * from './lib/clients';
export * from './lib/sources';

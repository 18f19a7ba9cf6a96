export * from './lib/fakes';

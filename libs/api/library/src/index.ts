export * from './lib/api-library.module';

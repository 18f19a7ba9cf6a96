export * from './lib/api-metadata.module';

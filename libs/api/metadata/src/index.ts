export * from './lib/clients';
export * from './lib/tags';
export * from './lib/metadata.module';

export * from './lib/clients';
export * from './lib/tags';
export * from './lib/metadata.module';
export * from './lib/import/import-pipeline';
export { ImportsService } from './lib/import/imports.service';
export { ImportSettingsService, DEFAULT_PROVIDERS } from './lib/import/import-settings.service';

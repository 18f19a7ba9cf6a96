export * from './lib/matcher';
export * from './lib/clients';
export * from './lib/soulseek.module';
export * from './lib/search/search-budget';
export * from './lib/search/search-gate';
export * from './lib/settings/slskd-settings.service';
export * from './lib/soulseek-search.service';
export * from './lib/jobs/soulseek-search.processor';
